import { validateName, type Role, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from './callerOf.js';
import { requireRole } from './requireRole.js';

/**
 * Route middleware: the caller needs `needed` in the team named by the
 * `:entity` path parameter. Runs before the body is parsed, so a refused
 * upload is not read first.
 */
export function guardEntity(store: Store, needed: Role, action: string): RequestHandler {
  return (req, res, next) => {
    const entity = req.params.entity;
    validateName('entity', entity);
    requireRole(store, callerOf(res), entity, needed, action);
    next();
  };
}
