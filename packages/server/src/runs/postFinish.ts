import { finishRun, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { runFromParams } from './runFromParams.js';

/** `POST /runs/{e}/{p}/{id}/finish` `{state?, summary?}`: ends the run (default `finished`). */
export function postFinish(store: Store): RequestHandler {
  return (req, res) => {
    const run = runFromParams(req.params);
    const body = new BodyFields(req.body);
    const opts = { state: body.optionalString('state'), summary: body.optionalObject('summary') };
    body.done();
    res.status(200).json({ run: finishRun(store, run, opts) });
  };
}
