import type { Express, RequestHandler } from 'express';
import { allowedMethods } from './allowedMethods.js';
import { sendError } from './sendError.js';

/**
 * Unknown routes get the same envelope as unknown things, with `kind: "route"`. A
 * known path asked with a method it does not answer is 405 with `Allow`, so that a
 * caller who got the verb wrong is not told the thing is missing.
 */
export function notFoundHandler(app: Express): RequestHandler {
  const methodsFor = allowedMethods(app);
  return (req, res) => {
    const allowed = methodsFor(req.path);
    if (allowed.length > 0) {
      res.setHeader('Allow', allowed.join(', '));
      sendError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed on ${req.path}; use ${allowed.join(', ')}`, {
        method: req.method,
        path: req.path,
        allowed,
      });
      return;
    }
    const name = `${req.method} ${req.path}`;
    sendError(res, 404, 'NotFound', `route not found: ${name}`, { kind: 'route', name });
  };
}
