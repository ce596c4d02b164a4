import { UnauthenticatedError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import type { Caller } from './Caller.js';
import { hashApiKey } from './hashApiKey.js';
import { readCredentials } from './readCredentials.js';

/**
 * Puts the Caller of every request into `res.locals.caller`, or answers 401.
 * Only the routes in `open` (`"GET /health"`) pass without a key, so a route
 * added later is closed unless someone opens it on purpose.
 */
export function authenticate(store: Store, open: readonly string[]): RequestHandler {
  const openSet = new Set(open);
  return (req, res, next) => {
    if (openSet.has(`${req.method} ${req.path}`)) return next();
    const key = readCredentials(req.headers);
    if (key === undefined) throw new UnauthenticatedError('missing');
    const row = store.access.keyByHash(hashApiKey(key));
    if (!row) throw new UnauthenticatedError('unknown');
    if (row.revoked_at !== null) throw new UnauthenticatedError('revoked');
    const user = store.access.userById(row.user_id)!;
    const caller: Caller = {
      userId: user.id,
      name: user.name,
      siteAdmin: user.site_admin === 1,
      serviceAccount: user.service_account === 1,
      keyId: row.id,
      readOnly: row.read_only === 1,
    };
    res.locals.caller = caller;
    next();
  };
}
