import type { Store } from '@arca/store';
import { Router } from 'express';
import { jsonBody } from '../http/jsonBody.js';
import { deleteWebhook } from './deleteWebhook.js';
import { getDelivery } from './getDelivery.js';
import { getWebhook } from './getWebhook.js';
import { listDeliveries } from './listDeliveries.js';
import { listWebhooks } from './listWebhooks.js';
import { postTestDelivery } from './postTestDelivery.js';
import { postWebhook } from './postWebhook.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';
import { webhookLimits } from './webhookLimits.js';

/** A team's webhooks: registration, the delivery log, and "send test event". */
export function createWebhooksRouter(store: Store, dispatcher: WebhookDispatcher): Router {
  const router = Router();
  router.post('/webhooks/:entity', jsonBody(webhookLimits.bodyBytes), postWebhook(store, dispatcher));
  router.get('/webhooks/:entity', listWebhooks(dispatcher));
  router.get('/webhooks/:entity/:id', getWebhook(dispatcher));
  router.delete('/webhooks/:entity/:id', deleteWebhook(dispatcher));
  router.get('/webhooks/:entity/:id/deliveries', listDeliveries(dispatcher));
  router.get('/webhooks/:entity/:id/deliveries/:delivery', getDelivery(dispatcher));
  router.post('/webhooks/:entity/:id/test', postTestDelivery(dispatcher));
  return router;
}
