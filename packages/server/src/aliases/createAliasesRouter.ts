import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { jsonBody } from '../http/jsonBody.js';
import { aliasLimits } from './aliasLimits.js';
import { deleteAlias } from './deleteAlias.js';
import { putAlias } from './putAlias.js';

/** Moving and removing aliases, optionally as compare-and-swap. */
export function createAliasesRouter(store: Store): Router {
  const router = Router();
  const write = guardEntity(store, 'member', 'move aliases');
  router.put('/collections/:entity/:project/:name/aliases/:alias', write, jsonBody(aliasLimits.bodyBytes), putAlias(store));
  router.delete('/collections/:entity/:project/:name/aliases/:alias', write, deleteAlias(store));
  return router;
}
