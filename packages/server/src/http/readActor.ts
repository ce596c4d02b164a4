import { InvalidArgumentError } from '@arca/store';
import type { RequestHandler } from 'express';

const PRINTABLE = /^[\x20-\x7e]{1,128}$/;

/**
 * Reads who is acting from `X-Arca-Actor` (until accounts exist) into
 * `res.locals.actor`. The value lands in the ref log, the audit trail, so it is
 * held to printable ASCII of bounded length.
 */
export function readActor(): RequestHandler {
  return (req, res, next) => {
    const raw = req.headers['x-arca-actor'];
    if (raw === undefined) {
      res.locals.actor = 'anonymous';
      return next();
    }
    if (typeof raw !== 'string' || !PRINTABLE.test(raw)) {
      return next(new InvalidArgumentError('X-Arca-Actor', '1 to 128 printable ASCII characters'));
    }
    res.locals.actor = raw;
    next();
  };
}
