import { AmbiguousRefError } from '../errors/AmbiguousRefError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Selector } from '../names/parseRef.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow, VersionRow } from '../refdb/rows.js';

/** Finds the collection and version a ref names, or throws NotFound / AmbiguousRef. */
export function resolveVersion(
  refs: RefDb,
  ref: CollectionName & { selector: Selector },
): { collection: CollectionRow; version: VersionRow } {
  const name = formatCollectionName(ref);
  const collection = refs.findCollection(ref);
  if (!collection) throw new NotFoundError('collection', name);
  const s = ref.selector;
  let version: VersionRow | undefined;
  if (s.kind === 'number') {
    version = refs.version(collection.id, s.number);
    if (!version) throw new NotFoundError('version', `${name}:v${s.number}`);
  } else if (s.kind === 'alias') {
    const number = refs.aliasTarget(collection.id, s.alias);
    if (number !== undefined) version = refs.version(collection.id, number);
    if (!version) throw new NotFoundError('alias', `${name}:${s.alias}`);
  } else {
    const matches = refs.versionsByDigestPrefix(collection.id, s.prefix);
    if (matches.length === 0) throw new NotFoundError('version', `${name}@b3:${s.prefix}`);
    if (matches.length > 1) throw new AmbiguousRefError(`${name}@b3:${s.prefix}`, matches.map((m) => `v${m.number}`));
    version = matches[0]!;
  }
  return { collection, version };
}
