import { parseRef, recordRunInput, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { runFromParams } from './runFromParams.js';

/**
 * `POST /runs/{e}/{p}/{id}/inputs` `{ref}`: records that the run uses the version the
 * ref names now, and returns it (201 when newly recorded, 200 when it already was).
 */
export function postInput(store: Store): RequestHandler {
  return async (req, res) => {
    const run = runFromParams(req.params);
    const body = new BodyFields(req.body);
    const ref = parseRef(body.string('ref'));
    body.done();
    const result = await recordRunInput(store, run, ref);
    res.status(result.created ? 201 : 200).json(result);
  };
}
