import { InvalidArgumentError, removeAlias, validateAlias, validateExpectedDigest, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireAliasChange } from '../auth/requireAliasChange.js';
import { actorOf } from '../http/actorOf.js';
import { collectionFromParams } from '../http/collectionFromParams.js';

/** `DELETE /collections/{entity}/{project}/{name}/aliases/{alias}[?expect=b3:..][&reason=..]` */
export function deleteAlias(store: Store): RequestHandler {
  return (req, res) => {
    const collection = collectionFromParams(req.params);
    const alias = req.params.alias;
    validateAlias(alias);
    const { expect, reason } = req.query;
    if (expect !== undefined) validateExpectedDigest(expect);
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 4096)) {
      throw new InvalidArgumentError('reason', 'must be one string of at most 4096 characters');
    }
    requireAliasChange(store, callerOf(res), collection, [alias]);
    res.status(200).json(removeAlias(store, { collection, alias, expect, reason, actor: actorOf(res) }));
  };
}
