import type { Store } from '@arca/store';
import { Router } from 'express';
import { getLineage } from './getLineage.js';

/** Lineage: runs and versions upstream and downstream of a version or a run. */
export function createLineageRouter(store: Store): Router {
  const router = Router();
  router.get('/lineage', getLineage(store));
  return router;
}
