import type { Store } from '@arca/store';
import { Router } from 'express';
import { jsonBody } from '../http/jsonBody.js';
import { postGc } from './postGc.js';

/** Garbage collection of the object store, on demand. */
export function createGcRouter(store: Store): Router {
  const router = Router();
  router.post('/gc', jsonBody(4096), postGc(store));
  return router;
}
