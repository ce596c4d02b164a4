import type { RequestHandler } from 'express';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';

/** `GET /webhooks/{entity}/{id}`: one webhook with its delivery counts. */
export function getWebhook(dispatcher: WebhookDispatcher): RequestHandler {
  return (req, res) => {
    const { entity, id } = checkWebhookParams(req);
    const t = dispatcher.tables;
    res.status(200).json({ webhook: t.info(t.webhook(entity, id)) });
  };
}
