import { commitVersion, validateTtl, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireAliasChange } from '../auth/requireAliasChange.js';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { collectionFromParams } from '../http/collectionFromParams.js';
import { commitLimits } from './commitLimits.js';

/**
 * `POST /collections/{entity}/{project}/{name}/versions`: records a version of
 * content already uploaded. 201 for a new version, 200 when the tree already
 * is a version of the collection (its aliases move to it). An optional
 * `ttlSeconds` (or null: keep forever) is the version's retention.
 */
export function postVersion(store: Store): RequestHandler {
  return async (req, res) => {
    const collection = collectionFromParams(req.params);
    const body = new BodyFields(req.body);
    const input = {
      collection,
      type: body.string('type'),
      tree: body.string('tree'),
      metadata: body.optionalObject('metadata'),
      description: body.optionalString('description'),
      aliases: body.optionalStringArray('aliases', commitLimits.maxAliases),
      reason: body.optionalString('reason', commitLimits.maxReasonBytes),
      run: body.optionalString('run'),
      actor: actorOf(res),
    };
    const ttlRaw = body.raw('ttlSeconds');
    body.done();
    requireAliasChange(store, callerOf(res), collection, input.aliases ?? []);
    // Checked before the commit, so a bad TTL (or a forbidden alias) writes nothing.
    const ttlSeconds = ttlRaw === undefined ? undefined : validateTtl(ttlRaw, true);
    const result = await commitVersion(store, { ...input, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) });
    res.status(result.created ? 201 : 200).json(result);
  };
}
