import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardSiteAdmin } from '../auth/guardSiteAdmin.js';
import { jsonBody } from '../http/jsonBody.js';
import { postGc } from './postGc.js';

/** Garbage collection of the object store, on demand (site admins). */
export function createGcRouter(store: Store): Router {
  const router = Router();
  // It deletes objects every team shares: site admins only.
  router.post('/gc', guardSiteAdmin('collect garbage'), jsonBody(4096), postGc(store));
  return router;
}
