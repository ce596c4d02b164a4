import { InvalidArgumentError, lineage, parseRef, parseRunPath, type LineageDirection, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { queryInteger } from '../runs/queryInteger.js';
import { queryString } from '../runs/queryString.js';

/** `GET /lineage?ref=<ref>|run=<e/p/id>&depth=N&direction=up|down|both`: the lineage graph. */
export function getLineage(store: Store): RequestHandler {
  return (req, res) => {
    const q = req.query as Record<string, unknown>;
    const ref = queryString(q, 'ref');
    const run = queryString(q, 'run');
    if ((ref === undefined) === (run === undefined)) throw new InvalidArgumentError('ref', 'give exactly one of ref and run');
    const root = ref !== undefined ? { ref: parseRef(ref) } : { run: parseRunPath(run) };
    const opts = { depth: queryInteger(q, 'depth'), direction: queryString(q, 'direction') as LineageDirection | undefined };
    for (const k of Object.keys(q)) {
      if (!['ref', 'run', 'depth', 'direction'].includes(k)) throw new InvalidArgumentError(k, 'unknown query parameter');
    }
    res.status(200).json(lineage(store, root, opts));
  };
}
