import type { Express, RequestHandler } from 'express';
import { allowedMethods } from './allowedMethods.js';

/**
 * `OPTIONS` on a known path: 204 with every method its routes answer in `Allow`.
 * Left to express, the first of the feature routers holding the path answered
 * for its own routes only (a collection's `Allow` missed DELETE), in plain text.
 * Unknown paths go on to the 404 of every other method.
 */
export function optionsHandler(app: Express): RequestHandler {
  const methodsFor = allowedMethods(app);
  return (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    const allowed = methodsFor(req.path);
    if (allowed.length === 0) return next();
    res.setHeader('Allow', [...allowed, 'OPTIONS'].sort().join(', '));
    res.status(204).end();
  };
}
