import type { RequestHandler } from 'express';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';

/** `GET /webhooks/{entity}`: the team's webhooks, oldest first, without secrets. */
export function listWebhooks(dispatcher: WebhookDispatcher): RequestHandler {
  return (req, res) => {
    const { entity } = checkWebhookParams(req);
    const t = dispatcher.tables;
    res.status(200).json({ webhooks: t.webhooks(entity).map((w) => t.info(w)) });
  };
}
