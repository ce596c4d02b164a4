import type { RefLogKind } from '../registry/RefLogKind.js';

/** One ref change as the API shows it. */
export interface RefLogEntry {
  seq: number;
  collection: string;
  /** `aliases/<name>`, `versions/vN`, `tags/<tag>`, `card`, `metadata`, `protected-aliases`, `model` or `collection`. */
  ref: string;
  /** What the change was (see registry/RefLogKind.ts): `linked`, `alias-moved`, `card-edited`, ... */
  kind: RefLogKind;
  old: { version: string; digest: string } | null;
  new: { version: string; digest: string } | null;
  actor: string;
  reason: string;
  time: string;
  /** Details of the change by kind (`card-edited`: old/new card digests; `tag-added`: tag and version); `{}` when none. */
  detail: Record<string, unknown>;
}
