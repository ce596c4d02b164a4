import { readMetrics, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { queryInteger } from './queryInteger.js';
import { queryString } from './queryString.js';
import { runFromParams } from './runFromParams.js';

/** `GET /runs/{e}/{p}/{id}/metrics?keys=a,b&minStep=&maxStep=&limit=`: series by key, as columns. */
export function getMetrics(store: Store): RequestHandler {
  return (req, res) => {
    const run = runFromParams(req.params);
    const q = req.query as Record<string, unknown>;
    const keys = queryString(q, 'keys');
    const metrics = readMetrics(store, run, {
      keys: keys === undefined ? undefined : keys.split(','),
      minStep: queryInteger(q, 'minStep'),
      maxStep: queryInteger(q, 'maxStep'),
      limit: queryInteger(q, 'limit'),
    });
    res.status(200).json({ metrics });
  };
}
