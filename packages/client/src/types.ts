import type { TreeEntry, VersionInfo } from '@arca/store/pure';
import type { ReferenceSpec } from './reference/resolveReference.js';
import type { SkippedReference } from './reference/fetchReferences.js';

/**
 * Reported at most every 100 ms and once at the end of each phase. In the
 * upload phase the "files" are the objects being sent (chunks, small files, the
 * tree), which is what the transfer actually counts.
 */
export interface ProgressEvent {
  phase: 'scan' | 'upload' | 'download';
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export type ProgressCallback = (event: ProgressEvent) => void;

export interface ArcaClientOptions {
  /** Server base URL, with or without the `/api/v1` suffix. */
  url: string;
  /**
   * The API key, sent as `Authorization: Bearer <key>`; default `$ARCA_API_KEY`.
   * The server records the key's user as the actor of every ref change.
   */
  apiKey?: string;
  /** Scan index and object cache; default `$ARCA_CACHE_DIR` or `~/.cache/arca`. */
  cacheDir?: string;
  /** Parallel object transfers (default 16); large files are also scanned this many at a time, at most 8. */
  concurrency?: number;
  /**
   * Sends every request through this fetch function instead of the built-in
   * node:http transport (tests count and cut requests through it).
   */
  fetch?: typeof fetch;
  /**
   * Downloads read objects straight from the files of a server on this machine
   * when it offers them (decision 022): default on for a loopback `url`, unless
   * `$ARCA_LOCAL_READS` is `0`. Every byte is verified either way.
   */
  localReads?: boolean;
  /**
   * Logs write objects into the staging folder of a server on this machine when
   * it offers one (decision 024), instead of uploading them; the server checks
   * every object either way. Default on for a loopback `url`, unless
   * `$ARCA_LOCAL_WRITES` is `0`.
   */
  localWrites?: boolean;
  /**
   * A transfer of objects whose connection sends and receives nothing for this
   * long fails as a lost connection (retried like one), instead of waiting
   * forever on a stalled server or proxy. Default 120 000 ms.
   */
  idleTimeoutMs?: number;
}

export interface LogArtifactOptions {
  /** `entity/project/name` */
  name: string;
  type: string;
  /** Files and directories; a directory contributes its files under their paths relative to it. */
  paths: string[];
  /** Files recorded by location instead of bytes (decision 013). */
  references?: ReferenceSpec[];
  aliases?: string[];
  metadata?: Record<string, unknown>;
  description?: string;
  reason?: string;
  /** The running run logging it (`entity/project/id`): the version becomes its output, with it as producer. */
  run?: string;
  /** Retention of the new version: seconds until it expires, or null to keep it forever (see setRetention). */
  ttlSeconds?: number | null;
  onProgress?: ProgressCallback;
}

export interface LogArtifactResult {
  created: boolean;
  version: VersionInfo;
  /** Size of all files of the artifact. */
  bytesTotal: number;
  /** Bytes of the objects the server lacked and received. */
  bytesUploaded: number;
  objectsUploaded: number;
  /**
   * Of `bytesUploaded`, those written into the staging folder of a server on this
   * machine for it to check and adopt, instead of sent over HTTP (decision 024).
   */
  bytesWrittenLocally: number;
  files: TreeEntry[];
  /**
   * Content equal to an existing version made no new one (`created: false`), and
   * the metadata or description given differ from that version's, which it keeps:
   * a version's are fixed when it is logged. Absent otherwise.
   */
  notApplied?: ('metadata' | 'description')[];
}

export interface DownloadOptions {
  onProgress?: ProgressCallback;
  /** Verify every file's BLAKE3 before renaming it into place; default true. */
  verify?: boolean;
  /**
   * Partial pull: only the files at or below these path prefixes (whole
   * segments). A prefix that matches no file is NotFound (kind `path`).
   */
  paths?: string[];
  /** PEM trust roots for https references (instead of Node's defaults), e.g. a private CA. */
  referenceCa?: string | Buffer;
  /**
   * Replace files in the target folder whose content Arca holds nowhere (edited
   * since an earlier pull, or never pulled), and symlinks. Default false: such a
   * file makes the download fail with DestinationConflict before anything is written.
   */
  overwrite?: boolean;
  /**
   * Stops the download (InterruptedError) within one object of aborting: temp files are
   * removed and the verified part of each large file is kept in the cache, where the
   * next download of it resumes.
   */
  signal?: AbortSignal;
}

export interface DownloadResult {
  version: VersionInfo;
  /** The folder the files were written into (absolute): the one given, or the default `artifacts/<name>-<vN>`. */
  dir: string;
  files: TreeEntry[];
  /** Object bytes received over the network. */
  bytesDownloaded: number;
  /** Object bytes read from the files of the server's store on this machine (local reads, decision 022), verified like downloaded ones. */
  bytesReadLocally: number;
  /** Bytes taken from the local cache or from a verified partial download. */
  bytesFromCache: number;
  /** Bytes of files that were in the target folder already, with the right content (left as they were). */
  bytesInPlace: number;
  /** Bytes of file and http(s) references, fetched from their locations and checked. */
  bytesFromReferences: number;
  /** References not fetched (s3), with the reason. */
  skipped: SkippedReference[];
}

export interface UsedArtifact {
  version: VersionInfo;
  files: TreeEntry[];
  /** Without `dir`: `artifacts/<name>-<vN>` under the working directory, like W&B's `download()` and `arca pull`. */
  download(dir?: string, opts?: DownloadOptions): Promise<DownloadResult>;
}

export interface TreeDiff {
  added: TreeEntry[];
  removed: TreeEntry[];
  changed: { path: string; from: TreeEntry; to: TreeEntry }[];
}

export interface MetadataDiff {
  added: Record<string, unknown>;
  removed: Record<string, unknown>;
  changed: Record<string, { from: unknown; to: unknown }>;
}

/** Two versions compared: the files (TreeDiff), and what else was recorded with each. */
export interface VersionDiff extends TreeDiff {
  from: { collection: string; version: string; digest: string };
  to: { collection: string; version: string; digest: string };
  /** Top-level keys of the metadata. */
  metadata: MetadataDiff;
  /** Present only when they differ. */
  type?: { from: string; to: string };
  description?: { from: string; to: string };
}

export interface LinkResult {
  created: boolean;
  version: VersionInfo;
}
