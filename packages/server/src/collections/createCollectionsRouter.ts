import type { Store } from '@arca/store';
import { Router } from 'express';
import { getCollection } from './getCollection.js';
import { getRefLog } from './getRefLog.js';
import { listProjectCollections } from './listProjectCollections.js';

/** Reading collections: the list of a project, one collection with its versions, its ref log. */
export function createCollectionsRouter(store: Store): Router {
  const router = Router();
  router.get('/projects/:entity/:project/collections', listProjectCollections(store));
  router.get('/collections/:entity/:project/:name', getCollection(store));
  router.get('/collections/:entity/:project/:name/log', getRefLog(store));
  return router;
}
