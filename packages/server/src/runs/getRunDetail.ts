import { getRun, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { runFromParams } from './runFromParams.js';

/** `GET /runs/{entity}/{project}/{id}`: the run, its summary, inputs and outputs. */
export function getRunDetail(store: Store): RequestHandler {
  return (req, res) => {
    res.status(200).json({ run: getRun(store, runFromParams(req.params)) });
  };
}
