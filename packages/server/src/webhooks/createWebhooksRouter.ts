import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
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

/** A team's webhooks: registration, the delivery log, and "send test event" (team admins). */
export function createWebhooksRouter(store: Store, dispatcher: WebhookDispatcher): Router {
  const router = Router();
  // Webhooks carry secrets and reach out of the server: a team's admins manage them.
  const admin = guardEntity(store, 'admin', 'manage webhooks');
  router.post('/webhooks/:entity', admin, jsonBody(webhookLimits.bodyBytes), postWebhook(store, dispatcher));
  router.get('/webhooks/:entity', admin, listWebhooks(dispatcher));
  router.get('/webhooks/:entity/:id', admin, getWebhook(dispatcher));
  router.delete('/webhooks/:entity/:id', admin, deleteWebhook(dispatcher));
  router.get('/webhooks/:entity/:id/deliveries', admin, listDeliveries(dispatcher));
  router.get('/webhooks/:entity/:id/deliveries/:delivery', admin, getDelivery(dispatcher));
  router.post('/webhooks/:entity/:id/test', admin, postTestDelivery(dispatcher));
  return router;
}
