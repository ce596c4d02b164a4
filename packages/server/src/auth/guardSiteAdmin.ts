import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';
import { requireSiteAdmin } from './requireSiteAdmin.js';

/** Route middleware: only a site admin with a writable key (server-wide operations such as garbage collection). */
export function guardSiteAdmin(action: string): RequestHandler {
  return (_req, res, next) => {
    requireSiteAdmin(callerOf(res), action);
    next();
  };
}
