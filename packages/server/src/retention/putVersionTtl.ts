import { InvalidArgumentError, setVersionTtl, validateTtl, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { selectorOf } from '../aliases/selectorOf.js';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { collectionFromParams } from '../http/collectionFromParams.js';

/**
 * `PUT /collections/{e}/{p}/{n}/versions/{version}/retention`
 * `{"ttlSeconds": n | null | "default"}`: the version's own TTL, null to keep it
 * forever, or "default" to follow the collection's default again.
 */
export function putVersionTtl(store: Store): RequestHandler {
  return (req, res) => {
    const collection = collectionFromParams(req.params);
    const selector = selectorOf(collection, req.params.version as string);
    const body = new BodyFields(req.body);
    const raw = body.raw('ttlSeconds');
    body.done();
    if (raw === undefined) throw new InvalidArgumentError('ttlSeconds', 'required: a number of seconds, null to keep forever, or "default"');
    const ttlSeconds = raw === 'default' ? 'default' : validateTtl(raw, true);
    res.status(200).json(setVersionTtl(store, { ref: { ...collection, selector }, ttlSeconds, actor: actorOf(res) }));
  };
}
