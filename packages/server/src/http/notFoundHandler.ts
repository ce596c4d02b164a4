import type { RequestHandler } from 'express';
import { sendError } from './sendError.js';

/** Unknown routes get the same envelope as unknown things, with `kind: "route"`. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    const name = `${req.method} ${req.path}`;
    sendError(res, 404, 'NotFound', `route not found: ${name}`, { kind: 'route', name });
  };
}
