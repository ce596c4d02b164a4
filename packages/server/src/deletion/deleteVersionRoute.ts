import { deleteVersion, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { selectorOf } from '../aliases/selectorOf.js';
import { actorOf } from '../http/actorOf.js';
import { collectionFromParams } from '../http/collectionFromParams.js';
import { queryReason } from '../http/queryReason.js';

/**
 * `DELETE /collections/{e}/{p}/{n}/versions/{version}[?reason=]`: deletes a
 * version (in a registered model: unlinks it). 409 InUse names each pointer
 * (protected alias, registry link) that still holds it.
 */
export function deleteVersionRoute(store: Store): RequestHandler {
  return (req, res) => {
    const collection = collectionFromParams(req.params);
    const selector = selectorOf(collection, req.params.version as string);
    const reason = queryReason(req.query);
    res.status(200).json(deleteVersion(store, { ref: { ...collection, selector }, reason, actor: actorOf(res) }));
  };
}
