import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { deleteCollectionRoute } from './deleteCollectionRoute.js';
import { deleteVersionRoute } from './deleteVersionRoute.js';

/** Deleting versions (unlinking, in a registry) and whole collections. */
export function createDeletionRouter(store: Store): Router {
  const router = Router();
  // Members, like logging: what a protected alias or a registry link holds is refused (InUse) for everyone.
  const write = guardEntity(store, 'member', 'delete');
  router.delete('/collections/:entity/:project/:name/versions/:version', write, deleteVersionRoute(store));
  router.delete('/collections/:entity/:project/:name', write, deleteCollectionRoute(store));
  return router;
}
