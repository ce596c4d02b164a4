import { findRegisteredModel, refLog, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { modelFromParams } from './modelFromParams.js';

/**
 * `GET /registry/{entity}/models/{name}/history`: every action on the model,
 * oldest first (linked, unlinked, alias added / moved / removed, card, metadata
 * and tags edited), each with its `kind`, who and when: the model's ref log.
 */
export function getModelHistory(store: Store): RequestHandler {
  return (req, res) => {
    const model = modelFromParams(req.params);
    findRegisteredModel(store.refs, model);
    res.status(200).json({ entries: refLog(store, model) });
  };
}
