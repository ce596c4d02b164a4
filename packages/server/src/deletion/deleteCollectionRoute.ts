import { deleteCollection, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { collectionFromParams } from '../http/collectionFromParams.js';
import { queryReason } from '../http/queryReason.js';

/** `DELETE /collections/{e}/{p}/{n}[?reason=]`: deletes a collection or registered model; 409 InUse names what holds it. */
export function deleteCollectionRoute(store: Store): RequestHandler {
  return (req, res) => {
    const collection = collectionFromParams(req.params);
    const reason = queryReason(req.query);
    res.status(200).json(deleteCollection(store, { collection, reason, actor: actorOf(res) }));
  };
}
