import type { Store } from '@arca/store';
import { Router } from 'express';
import { deleteCollectionRoute } from './deleteCollectionRoute.js';
import { deleteVersionRoute } from './deleteVersionRoute.js';

/** Deleting versions (unlinking, in a registry) and whole collections. */
export function createDeletionRouter(store: Store): Router {
  const router = Router();
  router.delete('/collections/:entity/:project/:name/versions/:version', deleteVersionRoute(store));
  router.delete('/collections/:entity/:project/:name', deleteCollectionRoute(store));
  return router;
}
