import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { jsonBody } from '../http/jsonBody.js';
import { deleteTag } from './deleteTag.js';
import { getTagged } from './getTagged.js';
import { postTags } from './postTags.js';

const BODY_BYTES = 64 * 1024;

/** Tags of collections and of versions, and finding what carries a tag. */
export function createTagsRouter(store: Store): Router {
  const router = Router();
  const write = guardEntity(store, 'member', 'tag');
  router.post('/collections/:entity/:project/:name/tags', write, jsonBody(BODY_BYTES), postTags(store));
  router.delete('/collections/:entity/:project/:name/tags/:tag', write, deleteTag(store));
  router.post('/collections/:entity/:project/:name/versions/:version/tags', write, jsonBody(BODY_BYTES), postTags(store));
  router.delete('/collections/:entity/:project/:name/versions/:version/tags/:tag', write, deleteTag(store));
  router.get('/tags/:entity/:tag', guardEntity(store, 'viewer', 'read tags'), getTagged(store));
  return router;
}
