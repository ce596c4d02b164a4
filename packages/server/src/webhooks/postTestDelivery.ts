import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';

/**
 * `POST /webhooks/{entity}/{id}/test`: queues a `webhook.test` event for this
 * webhook, delivered (signed, retried, logged) like any other; 202 with the
 * pending delivery, whose outcome the delivery log shows.
 */
export function postTestDelivery(dispatcher: WebhookDispatcher): RequestHandler {
  return (req, res) => {
    const { entity, id } = checkWebhookParams(req);
    const t = dispatcher.tables;
    const row = dispatcher.enqueueTest(t.webhook(entity, id), actorOf(res));
    res.status(202).json({ delivery: t.deliveryInfo(row) });
  };
}
