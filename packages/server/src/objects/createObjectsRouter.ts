import type { Store } from '@arca/store';
import { Router, type RequestHandler } from 'express';
import { guardUpload } from '../auth/guardUpload.js';
import { cutStalledTransfer } from '../http/cutStalledTransfer.js';
import { jsonBody } from '../http/jsonBody.js';
import { adoptStagedPack } from './adoptStagedPack.js';
import { fetchObjects } from './fetchObjects.js';
import { getObject } from './getObject.js';
import { locateObjects } from './locateObjects.js';
import { missingObjects } from './missingObjects.js';
import { objectLimits } from './objectLimits.js';
import { putBatch } from './putBatch.js';
import { putObject } from './putObject.js';
import { stagingFolder } from './stagingFolder.js';

/** Content-addressed objects: negotiate what is missing, upload (members of some team), download (any caller). */
export function createObjectsRouter(store: Store, options: { localReads: boolean; localWrites: boolean; stalledTransferMs: number }): Router {
  const router = Router();
  // Uploads need write access to some team; reads only a key (objects are shared by digest: decision 017).
  const upload = guardUpload(store);
  // A body that stops arriving holds its frames (up to 64 MiB) until the request timeout, 30 minutes.
  const stalledSender: RequestHandler = (_req, res, next) => {
    cutStalledTransfer(res, options.stalledTransferMs);
    next();
  };
  router.post('/objects/missing', upload, jsonBody(objectLimits.missingBodyBytes), missingObjects(store));
  router.post('/objects/batch', upload, stalledSender, putBatch(store));
  router.post('/objects/fetch', jsonBody(objectLimits.fetchBodyBytes), fetchObjects(store, options.stalledTransferMs));
  router.post('/objects/locate', jsonBody(objectLimits.fetchBodyBytes), locateObjects(store, options.localReads));
  router.post('/objects/stage', upload, jsonBody(objectLimits.missingBodyBytes), stagingFolder(store, options.localWrites));
  router.post('/objects/adopt', upload, jsonBody(objectLimits.missingBodyBytes), adoptStagedPack(store, options.localWrites));
  router.put('/objects/:digest', upload, stalledSender, putObject(store));
  router.get('/objects/:digest', getObject(store, options.stalledTransferMs));
  return router;
}
