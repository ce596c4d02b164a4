import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardUpload } from '../auth/guardUpload.js';
import { jsonBody } from '../http/jsonBody.js';
import { fetchObjects } from './fetchObjects.js';
import { getObject } from './getObject.js';
import { locateObjects } from './locateObjects.js';
import { missingObjects } from './missingObjects.js';
import { objectLimits } from './objectLimits.js';
import { putBatch } from './putBatch.js';
import { putObject } from './putObject.js';

/** Content-addressed objects: negotiate what is missing, upload (members of some team), download (any caller). */
export function createObjectsRouter(store: Store, options: { localReads: boolean }): Router {
  const router = Router();
  // Uploads need write access to some team; reads only a key (objects are shared by digest: decision 017).
  const upload = guardUpload(store);
  router.post('/objects/missing', upload, jsonBody(objectLimits.missingBodyBytes), missingObjects(store));
  router.post('/objects/batch', upload, putBatch(store));
  router.post('/objects/fetch', jsonBody(objectLimits.fetchBodyBytes), fetchObjects(store));
  router.post('/objects/locate', jsonBody(objectLimits.fetchBodyBytes), locateObjects(store, options.localReads));
  router.put('/objects/:digest', upload, putObject(store));
  router.get('/objects/:digest', getObject(store));
  return router;
}
