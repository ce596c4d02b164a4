import { listRuns, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { queryInteger } from './queryInteger.js';
import { queryString } from './queryString.js';

/** `GET /runs/{entity}/{project}?limit=&before=`: runs newest first; `next` continues the listing. */
export function listProjectRuns(store: Store): RequestHandler {
  return (req, res) => {
    const q = req.query as Record<string, unknown>;
    const opts = { limit: queryInteger(q, 'limit'), before: queryString(q, 'before') };
    res.status(200).json(listRuns(store, req.params.entity as string, req.params.project as string, opts));
  };
}
