import { ForbiddenError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';

/**
 * Route middleware for object uploads and the missing-objects negotiation.
 * Objects are content-addressed and shared by every team, so no team is named
 * here: the caller must be able to write somewhere (member or admin of some
 * team, or a site admin) with a writable key. See decision 017.
 */
export function guardUpload(store: Store): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (!caller.siteAdmin && !store.access.canWriteSomewhere(caller.userId)) throw new ForbiddenError('upload objects', 'member');
    if (caller.readOnly) throw new ForbiddenError('upload objects', 'writable-key');
    next();
  };
}
