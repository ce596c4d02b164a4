import { appendMetrics, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { runFromParams } from './runFromParams.js';

/** `POST /runs/{e}/{p}/{id}/metrics` `{rows: [{step?, time?, values}]}`: appends a batch, all or nothing. */
export function postMetrics(store: Store): RequestHandler {
  return (req, res) => {
    const run = runFromParams(req.params);
    const body = new BodyFields(req.body);
    const rows = body.array('rows');
    body.done();
    res.status(200).json(appendMetrics(store, run, rows));
  };
}
