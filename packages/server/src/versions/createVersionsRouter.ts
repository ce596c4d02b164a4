import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { jsonBody } from '../http/jsonBody.js';
import { commitLimits } from './commitLimits.js';
import { postVersion } from './postVersion.js';
import { resolveRef } from './resolveRef.js';

/** Committing versions and resolving refs to them. */
export function createVersionsRouter(store: Store): Router {
  const router = Router();
  router.post('/collections/:entity/:project/:name/versions', guardEntity(store, 'member', 'log versions'), jsonBody(commitLimits.bodyBytes), postVersion(store));
  router.get('/resolve', resolveRef(store));
  return router;
}
