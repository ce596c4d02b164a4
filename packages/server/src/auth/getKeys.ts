import { InvalidArgumentError, NotFoundError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';
import { keyJson } from './keyJson.js';
import { requireOwnOrSiteAdmin } from './requireOwnOrSiteAdmin.js';
import { validateUserName } from './validateUserName.js';

/** `GET /keys[?user=U]`: the caller's keys (or, for site admins, U's), revoked ones included, without secrets. */
export function getKeys(store: Store): RequestHandler {
  return (req, res) => {
    const caller = callerOf(res);
    const q = req.query.user;
    if (q !== undefined && typeof q !== 'string') throw new InvalidArgumentError('user', 'one user name');
    const userName = q ?? caller.name;
    validateUserName(userName);
    requireOwnOrSiteAdmin(caller, userName, 'list keys of another user', 'read');
    const user = store.access.userByName(userName);
    if (!user) throw new NotFoundError('user', userName);
    res.status(200).json({ keys: store.access.keysOf(user.id).map((k) => keyJson(k, user.name)) });
  };
}
