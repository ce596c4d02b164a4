import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
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
  const read = guardEntity(store, 'viewer', 'read the registry');
  router.post('/registry/:entity/:name/links', guardEntity(store, 'member', 'link versions'), jsonBody(aliasLimits.bodyBytes), postLink(store));
  // Changing which aliases are protected also needs team admin: postModel and patchModel check it.
  router.post('/registry/:entity/models', guardEntity(store, 'member', 'create registered models'), jsonBody(modelLimits.bodyBytes), postModel(store));
  router.get('/registry/:entity/models', read, listModels(store));
  router.get('/registry/:entity/models/:name', read, getModel(store));
  router.patch('/registry/:entity/models/:name', guardEntity(store, 'member', 'edit registered models'), jsonBody(modelLimits.bodyBytes), patchModel(store));
  router.get('/registry/:entity/models/:name/history', read, getModelHistory(store));
  return router;
}
