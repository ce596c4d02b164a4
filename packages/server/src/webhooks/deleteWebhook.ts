import type { RequestHandler } from 'express';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';

/** `DELETE /webhooks/{entity}/{id}`: removes the webhook; its pending deliveries are dropped with it. */
export function deleteWebhook(dispatcher: WebhookDispatcher): RequestHandler {
  return (req, res) => {
    const { entity, id } = checkWebhookParams(req);
    dispatcher.tables.deleteWebhook(entity, id);
    res.status(200).json({ removed: id });
  };
}
