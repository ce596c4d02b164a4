import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { getCollection } from './getCollection.js';
import { getRefLog } from './getRefLog.js';
import { listProjectCollections } from './listProjectCollections.js';

/** Reading collections: the list of a project, one collection with its versions, its ref log. */
export function createCollectionsRouter(store: Store): Router {
  const router = Router();
  const read = guardEntity(store, 'viewer', 'read');
  router.get('/projects/:entity/:project/collections', read, listProjectCollections(store));
  router.get('/collections/:entity/:project/:name', read, getCollection(store));
  router.get('/collections/:entity/:project/:name/log', read, getRefLog(store));
  return router;
}
