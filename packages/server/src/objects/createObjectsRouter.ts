import type { Store } from '@arca/store';
import { Router } from 'express';
import { jsonBody } from '../http/jsonBody.js';
import { fetchObjects } from './fetchObjects.js';
import { getObject } from './getObject.js';
import { missingObjects } from './missingObjects.js';
import { objectLimits } from './objectLimits.js';
import { putBatch } from './putBatch.js';
import { putObject } from './putObject.js';

/** Content-addressed objects: negotiate what is missing, upload, download. */
export function createObjectsRouter(store: Store): Router {
  const router = Router();
  router.post('/objects/missing', jsonBody(objectLimits.missingBodyBytes), missingObjects(store));
  router.post('/objects/batch', putBatch(store));
  router.post('/objects/fetch', jsonBody(objectLimits.fetchBodyBytes), fetchObjects(store));
  router.put('/objects/:digest', putObject(store));
  router.get('/objects/:digest', getObject(store));
  return router;
}
