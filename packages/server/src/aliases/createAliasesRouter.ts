import type { Store } from '@arca/store';
import { Router } from 'express';
import { jsonBody } from '../http/jsonBody.js';
import { aliasLimits } from './aliasLimits.js';
import { deleteAlias } from './deleteAlias.js';
import { putAlias } from './putAlias.js';

/** Moving and removing aliases, optionally as compare-and-swap. */
export function createAliasesRouter(store: Store): Router {
  const router = Router();
  router.put('/collections/:entity/:project/:name/aliases/:alias', jsonBody(aliasLimits.bodyBytes), putAlias(store));
  router.delete('/collections/:entity/:project/:name/aliases/:alias', deleteAlias(store));
  return router;
}
