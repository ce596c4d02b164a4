import { canonicalJson } from '@arca/store/pure';
import type { MetadataDiff } from './types.js';

/** Top-level metadata keys added, removed and changed (by canonical JSON) from `a` to `b`. */
export function diffMetadata(a: Record<string, unknown>, b: Record<string, unknown>): MetadataDiff {
  const diff: MetadataDiff = { added: {}, removed: {}, changed: {} };
  for (const [k, v] of Object.entries(b)) {
    if (!(k in a)) diff.added[k] = v;
    else if (canonicalJson(a[k]) !== canonicalJson(v)) diff.changed[k] = { from: a[k], to: v };
  }
  for (const [k, v] of Object.entries(a)) if (!(k in b)) diff.removed[k] = v;
  return diff;
}
