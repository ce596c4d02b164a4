import { updateRunSummary, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { runFromParams } from './runFromParams.js';

/** `PATCH /runs/{e}/{p}/{id}/summary` `{summary: {key: value | null}}`: summary overrides (null removes one). */
export function patchSummary(store: Store): RequestHandler {
  return (req, res) => {
    const run = runFromParams(req.params);
    const body = new BodyFields(req.body);
    const summary = body.object('summary');
    body.done();
    res.status(200).json({ run: updateRunSummary(store, run, summary) });
  };
}
