import type { RefLogRow } from '../refdb/rows.js';
import type { RefLogKind } from './RefLogKind.js';

/** The kind of a ref-log row that has no recorded kind (rows of logs and links, alias moves). */
export function kindOfRefLogRow(row: RefLogRow, collectionKind: 'artifact' | 'registry'): RefLogKind {
  if (row.ref.startsWith('aliases/')) {
    if (row.old_number === null) return 'alias-added';
    return row.new_number === null ? 'alias-removed' : 'alias-moved';
  }
  if (row.new_number === null) return collectionKind === 'registry' ? 'unlinked' : 'deleted';
  return collectionKind === 'registry' ? 'linked' : 'logged';
}
