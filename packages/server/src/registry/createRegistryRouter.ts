import type { Store } from '@arca/store';
import { Router } from 'express';
import { aliasLimits } from '../aliases/aliasLimits.js';
import { jsonBody } from '../http/jsonBody.js';
import { getModel } from './getModel.js';
import { getModelHistory } from './getModelHistory.js';
import { listModels } from './listModels.js';
import { modelLimits } from './modelLimits.js';
import { patchModel } from './patchModel.js';
import { postLink } from './postLink.js';
import { postModel } from './postModel.js';

/** A team's model registry: registered models, their cards and history, and linking artifact versions into them. */
export function createRegistryRouter(store: Store): Router {
  const router = Router();
  router.post('/registry/:entity/:name/links', jsonBody(aliasLimits.bodyBytes), postLink(store));
  router.post('/registry/:entity/models', jsonBody(modelLimits.bodyBytes), postModel(store));
  router.get('/registry/:entity/models', listModels(store));
  router.get('/registry/:entity/models/:name', getModel(store));
  router.patch('/registry/:entity/models/:name', jsonBody(modelLimits.bodyBytes), patchModel(store));
  router.get('/registry/:entity/models/:name/history', getModelHistory(store));
  return router;
}
