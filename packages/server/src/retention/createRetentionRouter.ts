import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { jsonBody } from '../http/jsonBody.js';
import { getRetention } from './getRetention.js';
import { putCollectionTtl } from './putCollectionTtl.js';
import { putVersionTtl } from './putVersionTtl.js';

/** Retention (TTL) of artifact versions: per collection default and per version. */
export function createRetentionRouter(store: Store): Router {
  const router = Router();
  const write = guardEntity(store, 'member', 'set retention');
  router.get('/collections/:entity/:project/:name/retention', guardEntity(store, 'viewer', 'read retention'), getRetention(store));
  router.put('/collections/:entity/:project/:name/retention', write, jsonBody(1024), putCollectionTtl(store));
  router.put('/collections/:entity/:project/:name/versions/:version/retention', write, jsonBody(1024), putVersionTtl(store));
  return router;
}
