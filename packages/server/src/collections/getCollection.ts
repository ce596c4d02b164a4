import { formatCollectionName, listCollections, listVersions, NotFoundError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { collectionFromParams } from '../http/collectionFromParams.js';

/** `GET /collections/{entity}/{project}/{name}`: the summary and every version, oldest first. */
export function getCollection(store: Store): RequestHandler {
  return async (req, res) => {
    const c = collectionFromParams(req.params);
    const name = formatCollectionName(c);
    const collection = listCollections(store, c.entity, c.project).find((s) => s.collection === name);
    if (!collection) throw new NotFoundError('collection', name);
    res.status(200).json({ collection, versions: await listVersions(store, c) });
  };
}
