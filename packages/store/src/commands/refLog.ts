import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import { kindOfRefLogRow } from '../registry/kindOfRefLogRow.js';
import type { RefLogKind } from '../registry/RefLogKind.js';
import type { Store } from '../Store.js';
import type { RefLogEntry } from './RefLogEntry.js';

/** The history of a collection's refs, oldest first; `refPrefix: "aliases/"` gives the alias history. */
export function refLog(store: Store, collection: CollectionName, refPrefix = ''): RefLogEntry[] {
  const name = formatCollectionName(collection);
  const row = store.refs.findCollection(collection);
  if (!row) throw new NotFoundError('collection', name);
  const details = new RegistryTables(store.refs).refLogDetails(row.id);
  return store.refs.refLog(row.id, refPrefix).map((r) => ({
    seq: r.seq,
    collection: name,
    ref: r.ref,
    kind: (details.get(r.seq)?.kind as RefLogKind | undefined) ?? kindOfRefLogRow(r, row.kind),
    old: r.old_number === null ? null : { version: `v${r.old_number}`, digest: r.old_digest! },
    new: r.new_number === null ? null : { version: `v${r.new_number}`, digest: r.new_digest! },
    actor: r.actor,
    reason: r.reason,
    time: r.time,
    detail: details.get(r.seq)?.data ?? {},
  }));
}
