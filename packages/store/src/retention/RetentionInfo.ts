import type { Pointer } from '../errors/InUseError.js';

/** A collection's retention: its default TTL and each version's own TTL and expiry. */
export interface RetentionInfo {
  collection: string;
  /** TTL given to versions without their own; null: versions are kept unless they have one. */
  defaultTtlSeconds: number | null;
  versions: VersionRetention[];
}

export interface VersionRetention {
  version: string;
  created: string;
  /** The version's own setting: a TTL, null (kept forever), or undefined (follows the default). */
  ttlSeconds?: number | null;
  /** When it expires under the current settings, or null when it never does. */
  expiresAt: string | null;
  /** What keeps an expiring version from being deleted when it expires (links, protected aliases); absent when nothing does. */
  exemptWhile?: Pointer[];
}
