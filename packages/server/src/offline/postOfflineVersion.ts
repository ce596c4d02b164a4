import { syncOfflineVersion, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireAliasChange } from '../auth/requireAliasChange.js';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { collectionFromParams } from '../http/collectionFromParams.js';
import { offlineLimits } from './offlineLimits.js';

/**
 * `POST /collections/{entity}/{project}/{name}/offline-versions`: records a
 * version that was logged offline, once its objects and version object are
 * uploaded (decision 012). 201 when it made a new version; 200 when this
 * offline version was synced before or its content already was a version.
 */
export function postOfflineVersion(store: Store): RequestHandler {
  return async (req, res) => {
    const collection = collectionFromParams(req.params);
    const body = new BodyFields(req.body);
    const input = {
      collection,
      version: body.string('version'),
      offlineNumber: body.count('offlineNumber'),
      offlineActor: body.string('offlineActor'),
      aliases: body.optionalStringArray('aliases', offlineLimits.maxAliases),
      reason: body.optionalString('reason', offlineLimits.maxReasonBytes),
      actor: actorOf(res),
    };
    body.done();
    requireAliasChange(store, callerOf(res), collection, input.aliases ?? []);
    const result = await syncOfflineVersion(store, input);
    res.status(result.created ? 201 : 200).json(result);
  };
}
