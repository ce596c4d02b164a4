import { InvalidArgumentError, setCollectionTtl, validateTtl, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { collectionFromParams } from '../http/collectionFromParams.js';

/** `PUT /collections/{e}/{p}/{n}/retention` `{"ttlSeconds": n | null}`: sets, or with null clears, the collection's default TTL. */
export function putCollectionTtl(store: Store): RequestHandler {
  return (req, res) => {
    const collection = collectionFromParams(req.params);
    const body = new BodyFields(req.body);
    const raw = body.raw('ttlSeconds');
    body.done();
    if (raw === undefined) throw new InvalidArgumentError('ttlSeconds', 'required: a number of seconds, or null to clear the default');
    const ttlSeconds = raw === null ? null : validateTtl(raw, false);
    res.status(200).json(setCollectionTtl(store, { collection, ttlSeconds, actor: actorOf(res) }));
  };
}
