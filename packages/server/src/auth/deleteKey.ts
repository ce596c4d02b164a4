import { ForbiddenError, NotFoundError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';
import { keyJson } from './keyJson.js';

/**
 * `DELETE /keys/{id}`: revokes a key of the caller's (site admins: anyone's).
 * Another user's key is 404 to a non-admin, like a key that does not exist.
 * Revoking a revoked key answers the same again.
 */
export function deleteKey(store: Store): RequestHandler {
  return (req, res) => {
    const caller = callerOf(res);
    const id = String(req.params.id);
    const row = store.access.keyById(id);
    if (!row || (row.user_id !== caller.userId && !caller.siteAdmin)) throw new NotFoundError('key', id);
    if (caller.readOnly) throw new ForbiddenError('revoke keys', 'writable-key');
    store.access.revokeKey(id, new Date().toISOString());
    const user = store.access.userById(row.user_id)!;
    res.status(200).json({ revoked: keyJson(store.access.keyById(id)!, user.name) });
  };
}
