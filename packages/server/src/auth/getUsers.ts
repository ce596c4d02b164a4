import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';
import { requireSiteAdmin } from './requireSiteAdmin.js';
import { userJson } from './userJson.js';

/** `GET /users` (site admins): every user. */
export function getUsers(store: Store): RequestHandler {
  return (_req, res) => {
    requireSiteAdmin(callerOf(res), 'list users', 'read');
    res.status(200).json({ users: store.access.listUsers().map(userJson) });
  };
}
