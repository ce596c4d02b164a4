import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { InvalidJsonError } from './InvalidJsonError.js';
import { UnsupportedMediaTypeError } from './UnsupportedMediaTypeError.js';

/** `application/json`, or any `+json` type, with or without parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Parses a JSON body of at most `limit` bytes. The body must say it is JSON:
 * a browser sends `text/plain`, form types or no type at all cross-site without
 * asking the server first (no CORS preflight), with HTTP basic credentials it
 * has cached, so accepting those would let any web page commit versions or move
 * aliases as the user. An empty body is not JSON: body-parser would make it
 * `{}`, which would turn into a confusing "missing field" error.
 */
export function jsonBody(limit: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      const type = req.headers['content-type'] ?? null;
      next(type !== null && JSON_MEDIA_TYPE.test(type) ? undefined : new UnsupportedMediaTypeError('application/json', type));
    },
    express.json({
      limit,
      type: () => true,
      strict: false,
      verify: (_req, _res, buf) => {
        if (buf.length === 0) throw new InvalidJsonError('empty body');
        // Decoding would quietly turn bad bytes into U+FFFD, and store that.
        if (!isUtf8(buf)) throw new InvalidJsonError('not valid UTF-8');
      },
    }),
    (req, _res, next) => {
      next(req.body === undefined ? new InvalidJsonError('empty body') : undefined);
    },
  ];
}
