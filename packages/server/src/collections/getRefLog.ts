import { InvalidArgumentError, refLog, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { collectionFromParams } from '../http/collectionFromParams.js';

const PREFIXES: Record<string, string> = { aliases: 'aliases/', versions: 'versions/' };

/** `GET /collections/{entity}/{project}/{name}/log[?refs=aliases|versions]`: ref changes, oldest first. */
export function getRefLog(store: Store): RequestHandler {
  return (req, res) => {
    const c = collectionFromParams(req.params);
    const refs = req.query.refs;
    let prefix = '';
    if (refs !== undefined) {
      if (typeof refs !== 'string' || !Object.hasOwn(PREFIXES, refs)) {
        throw new InvalidArgumentError('refs', 'must be "aliases" or "versions"');
      }
      prefix = PREFIXES[refs]!;
    }
    res.status(200).json({ entries: refLog(store, c, prefix) });
  };
}
