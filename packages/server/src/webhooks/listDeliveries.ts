import { InvalidArgumentError } from '@arca/store';
import type { RequestHandler } from 'express';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';
import { webhookLimits } from './webhookLimits.js';

/** `GET /webhooks/{entity}/{id}/deliveries[?limit=N]`: the delivery log, newest first, each with its attempts. */
export function listDeliveries(dispatcher: WebhookDispatcher): RequestHandler {
  return (req, res) => {
    const { entity, id } = checkWebhookParams(req);
    let limit = 50;
    for (const key of Object.keys(req.query)) if (key !== 'limit') throw new InvalidArgumentError(key, 'unknown query parameter (limit)');
    if (req.query.limit !== undefined) {
      const raw = req.query.limit;
      if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > webhookLimits.maxDeliveriesListed) {
        throw new InvalidArgumentError('limit', `an integer from 1 to ${webhookLimits.maxDeliveriesListed}`);
      }
      limit = Number(raw);
    }
    const t = dispatcher.tables;
    const hook = t.webhook(entity, id);
    res.status(200).json({ deliveries: t.deliveries(hook.id, limit).map((d) => t.deliveryInfo(d)) });
  };
}
