import { InvalidArgumentError, removeAlias, validateAlias, validateExpectedDigest, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireAliasChange } from '../auth/requireAliasChange.js';
import { actorOf } from '../http/actorOf.js';
import { collectionFromParams } from '../http/collectionFromParams.js';
import { aliasLimits } from './aliasLimits.js';

/** `DELETE /collections/{entity}/{project}/{name}/aliases/{alias}[?expect=b3:..][&reason=..]` */
export function deleteAlias(store: Store): RequestHandler {
  return (req, res) => {
    const collection = collectionFromParams(req.params);
    const alias = req.params.alias;
    validateAlias(alias);
    const { expect, reason } = req.query;
    if (expect !== undefined) validateExpectedDigest(expect);
    if (reason !== undefined && typeof reason !== 'string') throw new InvalidArgumentError('reason', 'must be one string');
    // Counted in bytes, as PUT counts its body's reason.
    if (reason !== undefined && Buffer.byteLength(reason) > aliasLimits.maxReasonBytes) {
      throw new InvalidArgumentError('reason', `longer than ${aliasLimits.maxReasonBytes} bytes`);
    }
    requireAliasChange(store, callerOf(res), collection, [alias]);
    res.status(200).json(removeAlias(store, { collection, alias, expect, reason, actor: actorOf(res) }));
  };
}
