import { describeRegisteredModel, findRegisteredModel, listRegistryVersions, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { modelFromParams } from './modelFromParams.js';

/** `GET /registry/{entity}/models/{name}`: the card, tags, metadata, aliases and every version with its source. */
export function getModel(store: Store): RequestHandler {
  return async (req, res) => {
    const name = modelFromParams(req.params);
    const model = describeRegisteredModel(store.refs, findRegisteredModel(store.refs, name));
    res.status(200).json({ model, versions: await listRegistryVersions(store, name) });
  };
}
