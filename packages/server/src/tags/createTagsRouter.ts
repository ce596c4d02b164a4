import type { Store } from '@arca/store';
import { Router } from 'express';
import { jsonBody } from '../http/jsonBody.js';
import { deleteTag } from './deleteTag.js';
import { getTagged } from './getTagged.js';
import { postTags } from './postTags.js';

const BODY_BYTES = 64 * 1024;

/** Tags of collections and of versions, and finding what carries a tag. */
export function createTagsRouter(store: Store): Router {
  const router = Router();
  router.post('/collections/:entity/:project/:name/tags', jsonBody(BODY_BYTES), postTags(store));
  router.delete('/collections/:entity/:project/:name/tags/:tag', deleteTag(store));
  router.post('/collections/:entity/:project/:name/versions/:version/tags', jsonBody(BODY_BYTES), postTags(store));
  router.delete('/collections/:entity/:project/:name/versions/:version/tags/:tag', deleteTag(store));
  router.get('/tags/:entity/:tag', getTagged(store));
  return router;
}
