import { describeVersion, InvalidArgumentError, parseRef, resolveVersion, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireRole } from '../auth/requireRole.js';

/** `GET /resolve?ref=<ref>`: the version a ref names now (the operator's alias → digest step). */
export function resolveRef(store: Store): RequestHandler {
  return async (req, res) => {
    const ref = req.query.ref;
    if (typeof ref !== 'string') throw new InvalidArgumentError('ref', 'one ref query parameter is required');
    const parsed = parseRef(ref);
    requireRole(store, callerOf(res), parsed.entity, 'viewer', 'read');
    const { collection, version } = resolveVersion(store.refs, parsed);
    res.status(200).json({ version: await describeVersion(store, collection, version) });
  };
}
