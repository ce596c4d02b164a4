import express, { type RequestHandler } from 'express';
import { InvalidJsonError } from './InvalidJsonError.js';

/**
 * Parses a JSON body of at most `limit` bytes, whatever Content-Type the client
 * sent (a missing header is common with simple clients and there is no other
 * body format on these routes). An empty body is not JSON: body-parser would
 * make it `{}`, which would turn into a confusing "missing field" error.
 */
export function jsonBody(limit: number): RequestHandler[] {
  return [
    express.json({
      limit,
      type: () => true,
      strict: false,
      verify: (_req, _res, buf) => {
        if (buf.length === 0) throw new InvalidJsonError('empty body');
      },
    }),
    (req, _res, next) => {
      next(req.body === undefined ? new InvalidJsonError('empty body') : undefined);
    },
  ];
}
