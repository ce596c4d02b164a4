import { InvalidArgumentError } from '@arca/store';
import type { RequestHandler } from 'express';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';

/** `GET /webhooks/{entity}/{id}/deliveries/{delivery}`: one delivery and its attempts. */
export function getDelivery(dispatcher: WebhookDispatcher): RequestHandler {
  return (req, res) => {
    const { entity, id } = checkWebhookParams(req);
    const deliveryId = req.params.delivery as string;
    if (!/^dlv_[0-9a-f]{24}$/.test(deliveryId)) throw new InvalidArgumentError('delivery id', 'must look like dlv_ followed by 24 hex digits');
    const t = dispatcher.tables;
    const hook = t.webhook(entity, id);
    res.status(200).json({ delivery: t.deliveryInfo(t.delivery(hook.id, deliveryId)) });
  };
}
