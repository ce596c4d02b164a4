import type { NewRefLogEntry, RefDb } from '../refdb/RefDb.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { RefLogKind } from './RefLogKind.js';

/**
 * Appends one ref-log row and records what kind of change it is, so that the
 * history, the event stream and webhooks need not guess. Call inside a transaction.
 */
export function logChange(refs: RefDb, entry: NewRefLogEntry, kind: RefLogKind, data: Record<string, unknown> = {}): number {
  const seq = refs.appendRefLog(entry);
  new RegistryTables(refs).putRefLogDetail(seq, kind, data);
  return seq;
}
