import type { Store } from '@arca/store';
import { Router } from 'express';
import { jsonBody } from '../http/jsonBody.js';
import { authLimits } from './authLimits.js';
import { deleteKey } from './deleteKey.js';
import { deleteMember } from './deleteMember.js';
import { getKeys } from './getKeys.js';
import { getTeam } from './getTeam.js';
import { getUsers } from './getUsers.js';
import { getWhoami } from './getWhoami.js';
import { guardEntity } from './guardEntity.js';
import { postKey } from './postKey.js';
import { postTeam } from './postTeam.js';
import { postUser } from './postUser.js';
import { putMember } from './putMember.js';

/** Users, teams and their members, and API keys. */
export function createAuthRouter(store: Store): Router {
  const router = Router();
  const body = jsonBody(authLimits.bodyBytes);
  router.get('/whoami', getWhoami(store));
  router.get('/users', getUsers(store));
  router.post('/users', body, postUser(store));
  router.post('/teams', body, postTeam(store));
  router.get('/teams/:entity', guardEntity(store, 'viewer', 'read team'), getTeam(store));
  router.put('/teams/:entity/members/:user', guardEntity(store, 'admin', 'manage members'), body, putMember(store));
  router.delete('/teams/:entity/members/:user', guardEntity(store, 'admin', 'manage members'), deleteMember(store));
  router.post('/keys', body, postKey(store));
  router.get('/keys', getKeys(store));
  router.delete('/keys/:id', deleteKey(store));
  return router;
}
