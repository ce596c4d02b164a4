import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';
import { userJson } from './userJson.js';

/** `GET /whoami`: the caller's user, the key used and the caller's teams with roles. */
export function getWhoami(store: Store): RequestHandler {
  return (_req, res) => {
    const caller = callerOf(res);
    res.status(200).json({
      user: userJson(store.access.userById(caller.userId)!),
      key: { id: caller.keyId, readOnly: caller.readOnly },
      teams: store.access.teamsOf(caller.userId),
    });
  };
}
