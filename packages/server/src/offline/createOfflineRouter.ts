import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { jsonBody } from '../http/jsonBody.js';
import { offlineLimits } from './offlineLimits.js';
import { postOfflineVersion } from './postOfflineVersion.js';

/** Syncing versions logged offline. */
export function createOfflineRouter(store: Store): Router {
  const router = Router();
  router.post('/collections/:entity/:project/:name/offline-versions', guardEntity(store, 'member', 'sync versions'), jsonBody(offlineLimits.bodyBytes), postOfflineVersion(store));
  return router;
}
