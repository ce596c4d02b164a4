/** One line of an offline store's `versions.jsonl`, in the order things were logged. */
export type OfflineRecord = OfflineVersionRecord | OfflineAliasRecord;

/** A version logged offline; its version object (metadata, description, parent, created) is in the store's objects. */
export interface OfflineVersionRecord {
  op: 'version';
  /** Position in the journal, from 0: what sync progress is recorded against. */
  seq: number;
  collection: string;
  /** Offline number within the collection (`vN` in this store; the server may give another). */
  number: number;
  digest: string;
  tree: string;
  type: string;
  size: number;
  fileCount: number;
  aliases: string[];
  actor: string;
  created: string;
}

/** Aliases given to an offline version again (a log of content it already held). */
export interface OfflineAliasRecord {
  op: 'aliases';
  seq: number;
  collection: string;
  number: number;
  digest: string;
  aliases: string[];
  actor: string;
  time: string;
}

/** One line of `synced.jsonl`: the journal record `seq` reached the server. */
export interface SyncedRecord {
  seq: number;
  collection: string;
  offlineNumber: number;
  offlineDigest: string;
  outcome: 'created' | 'already-synced' | 'same-content' | 'aliases';
  /** The server's `vN` and digest for it. */
  version: string;
  digest: string;
}

/** One line of `dropped.jsonl`: the user gave up on journal record `seq` (`arca sync --drop`); sync skips it. */
export interface DroppedRecord {
  seq: number;
  collection: string;
  offlineNumber: number;
  offlineDigest: string;
  time: string;
}

/**
 * One line of `alias-attempts.jsonl`, written (and fsynced) before sync moves
 * `alias` for journal record `seq` on the server: where the alias pointed then
 * (`before`, a digest, or null when it did not exist). A retry of that record sends
 * `before` as the move's compare-and-swap `expect`, so a move whose answer was lost
 * is not applied twice over a move made online since.
 */
export interface AliasAttemptRecord {
  seq: number;
  alias: string;
  before: string | null;
}
