import { setAlias, validateAlias, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireAliasChange } from '../auth/requireAliasChange.js';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { collectionFromParams } from '../http/collectionFromParams.js';
import { aliasLimits } from './aliasLimits.js';
import { selectorOf } from './selectorOf.js';

/**
 * `PUT /collections/{entity}/{project}/{name}/aliases/{alias}`: points the alias
 * at a version. With `expect` it is a compare-and-swap (`null`: the alias must
 * not exist yet), which is how two reviewers promoting at once learn of each other.
 */
export function putAlias(store: Store): RequestHandler {
  return async (req, res) => {
    const collection = collectionFromParams(req.params);
    const alias = req.params.alias;
    validateAlias(alias);
    const body = new BodyFields(req.body);
    const version = body.string('version');
    const expect = body.optionalNullableString('expect');
    const reason = body.optionalString('reason', aliasLimits.maxReasonBytes);
    body.done();
    requireAliasChange(store, callerOf(res), collection, [alias]);
    const target = { ...collection, selector: selectorOf(collection, version) };
    const info = await setAlias(store, { target, alias, expect, reason, actor: actorOf(res) });
    res.status(200).json({ version: info });
  };
}
