import { collectGarbage, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';

/** A year: a longer grace period keeps everything and is surely a unit mistake. */
const MAX_GRACE_SECONDS = 366 * 24 * 60 * 60;

/**
 * `POST /gc` `{dryRun?, gracePeriodSeconds?}`: runs one garbage collection and
 * answers with its report. Clients may keep logging and pulling meanwhile
 * (see collectGarbage); a second collection while one runs is 409 GcRunning.
 */
export function postGc(store: Store): RequestHandler {
  return async (req, res) => {
    const body = new BodyFields(req.body);
    const dryRun = body.optionalBoolean('dryRun');
    const gracePeriodSeconds = body.optionalNumber('gracePeriodSeconds', 0, MAX_GRACE_SECONDS);
    body.done();
    res.status(200).json(await collectGarbage(store, { dryRun, gracePeriodSeconds }));
  };
}
