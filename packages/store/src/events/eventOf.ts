import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { RefLogEventRow } from '../refdb/rows.js';
import type { ArcaEvent } from './ArcaEvent.js';
import { eventTypeOf } from './eventTypeOf.js';

/** The event of one ref log row; `refs` is read only to name a linked version's source. */
export function eventOf(refs: RefDb, r: RefLogEventRow): ArcaEvent {
  const type = eventTypeOf(r.ref, r.old_number !== null, r.new_number !== null, r.kind);
  let source: ArcaEvent['source'] = null;
  if (type === 'version.linked') {
    const row = refs.version(r.collection_id, r.new_number!);
    if (row?.source_collection_id != null) {
      source = { collection: formatCollectionName(refs.collectionById(row.source_collection_id)), version: `v${row.source_number}` };
    }
  }
  return {
    id: r.seq,
    type,
    time: r.time,
    entity: r.entity,
    project: r.project,
    collection: `${r.entity}/${r.project}/${r.name}`,
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
