import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import { DELETED_PROJECT } from '../refdb/DELETED_PROJECT.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { RefLogEventRow } from '../refdb/rows.js';
import type { ArcaEvent } from './ArcaEvent.js';
import { eventTypeOf } from './eventTypeOf.js';

/** The event of one ref log row; `refs` is read only to name a linked version's source. */
export function eventOf(refs: RefDb, r: RefLogEventRow): ArcaEvent {
  const tables = new RegistryTables(refs);
  // Rows the registry wrote carry their kind: a collection tag names no version on
  // either side, so only the recorded kind tells its removal from its addition.
  const recorded = tables.refLogDetail(r.seq);
  let type = eventTypeOf(r.ref, r.old_number !== null, r.new_number !== null, r.kind);
  if (recorded?.kind === 'tag-added') type = 'tag.added';
  if (recorded?.kind === 'tag-removed') type = 'tag.removed';
  // A deleted collection's row lives on under another name; events keep the real one.
  const named = r.project === DELETED_PROJECT ? (tables.deletedCollection(r.collection_id) ?? r) : r;
  let source: ArcaEvent['source'] = null;
  // The row's recorded source: a link's version row is gone once it is unlinked, but its event still names what it linked.
  if ((type === 'version.unlinked' || type === 'version.linked') && recorded?.data.source) source = recorded.data.source as ArcaEvent['source'];
  else if (type === 'version.linked') {
    // Rows written before links recorded their source.
    const row = refs.version(r.collection_id, r.new_number!) ?? tables.deletedVersion(r.collection_id, r.new_number!);
    if (row?.source_collection_id != null) {
      source = { collection: formatCollectionName(refs.collectionById(row.source_collection_id)), version: `v${row.source_number}` };
    }
  }
  return {
    id: r.seq,
    type,
    time: r.time,
    entity: named.entity,
    project: named.project,
    collection: `${named.entity}/${named.project}/${named.name}`,
    collectionKind: r.kind,
    ref: r.ref,
    name: r.ref.slice(r.ref.indexOf('/') + 1),
    old: r.old_number === null ? null : { version: `v${r.old_number}`, digest: r.old_digest! },
    new: r.new_number === null ? null : { version: `v${r.new_number}`, digest: r.new_digest! },
    source,
    actor: r.actor,
    reason: r.reason,
  };
}
