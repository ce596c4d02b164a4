import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { aliasLimits } from '../aliases/aliasLimits.js';
import { jsonBody } from '../http/jsonBody.js';
import { postLink } from './postLink.js';

/** A team's model registry: linking artifact versions into registered models. */
export function createRegistryRouter(store: Store): Router {
  const router = Router();
  router.post('/registry/:entity/:name/links', guardEntity(store, 'member', 'link versions'), jsonBody(aliasLimits.bodyBytes), postLink(store));
  return router;
}
