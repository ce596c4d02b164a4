import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  InvalidArgumentError,
  InvalidPathError,
  NotFoundError,
  buildTree,
  parseRunPath,
  validateAlias,
  validateArtifactPath,
  type CollectionName,
  type TreeEntry,
  type TreeObject,
  type VersionInfo,
} from '@arca/store/pure';
import { commitFields } from '../log/commitFields.js';
import { logFiles, type LogContext } from '../log/logFiles.js';
import { notAppliedFields } from '../log/notAppliedFields.js';
import { collectFiles } from '../scan/collectFiles.js';
import { checkCommitFields } from '../log/checkCommitFields.js';
import type { LocalFile } from '../scan/LocalFile.js';
import { resolveReference, type ReferenceSpec } from '../reference/resolveReference.js';
import type { LogArtifactResult, ProgressCallback } from '../types.js';

const PLACEHOLDER_DIGEST = 'b3:' + '0'.repeat(64);

export interface DraftLogOptions {
  aliases?: string[];
  /** Default: the base version's metadata. */
  metadata?: Record<string, unknown>;
  /** Default: the base version's description. */
  description?: string;
  reason?: string;
  /** Retention of the new version: seconds until it expires, or null to keep it forever. */
  ttlSeconds?: number | null;
  /** The running run logging it (`entity/project/id`): the version becomes its output, with it as producer. */
  run?: string;
  onProgress?: ProgressCallback;
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}

/**
 * A new version in the making, started from an existing one (W&B's
 * `new_draft`): files are added, replaced or removed, then `log` commits the
 * result as the next version of the base's collection. Only the added files
 * are read, and of them only the objects the server lacks are sent; the kept
 * files are named by digest and never touched.
 */
export class Draft {
  private readonly kept: Map<string, TreeEntry>;
  private readonly adds: { source: string; dest: string | undefined }[] = [];
  private readonly references: ReferenceSpec[] = [];

  /** @internal created by ArcaClient.newDraft */
  constructor(
    private readonly ctx: LogContext,
    readonly collection: CollectionName,
    readonly base: VersionInfo,
    baseTree: TreeObject,
  ) {
    this.kept = new Map(baseTree.entries.map((e) => [e.path, e]));
  }

  /** Paths kept from the base so far (the adds are read only at `log`). */
  get keptPaths(): string[] {
    return [...this.kept.keys()];
  }

  /**
   * Adds a local file or folder. A file lands at `dest` (default: its base
   * name), a folder's files under `dest/` (default: at the top). An added path
   * that the base has replaces that file.
   */
  add(localPath: string, dest?: string): this {
    if (typeof localPath !== 'string' || localPath.length === 0) throw new InvalidArgumentError('path', 'a local file or folder');
    if (dest !== undefined) validateArtifactPath(dest);
    this.adds.push({ source: resolve(localPath), dest });
    return this;
  }

  /** Adds (or replaces) a reference entry: a file recorded by URI, size and checksum or ETag (decision 013). */
  addReference(spec: ReferenceSpec): this {
    if (spec === null || typeof spec !== 'object' || typeof spec.uri !== 'string') throw new InvalidArgumentError('reference', 'an object with a uri');
    if (spec.path !== undefined) validateArtifactPath(spec.path);
    this.references.push(spec);
    return this;
  }

  /** Removes a file, or every file under a folder path, of the base. Nothing there is NotFound (kind `path`). */
  remove(path: string): this {
    const prefix = typeof path === 'string' ? path.replace(/\/+$/, '') : path;
    validateArtifactPath(prefix);
    const gone = [...this.kept.keys()].filter((p) => under(p, prefix));
    if (gone.length === 0) throw new NotFoundError('path', prefix);
    for (const p of gone) this.kept.delete(p);
    return this;
  }

  /** Logs the draft as the next version of the base's collection (same type). */
  async log(opts: DraftLogOptions = {}): Promise<LogArtifactResult> {
    const aliases = [...new Set((opts.aliases ?? []).filter((a) => a !== 'latest'))];
    aliases.forEach(validateAlias);
    checkCommitFields({
      type: this.base.type,
      metadata: opts.metadata ?? this.base.metadata,
      description: opts.description ?? this.base.description,
      reason: opts.reason,
      ttlSeconds: opts.ttlSeconds,
    });
    if (opts.run !== undefined) parseRunPath(opts.run);
    const local: LocalFile[] = [];
    for (const add of this.adds) local.push(...(await collectAt(add.source, add.dest)));
    const refs: TreeEntry[] = [];
    for (const spec of this.references) refs.push(await resolveReference(spec));
    const replaced = new Set([...local.map((f) => f.path), ...refs.map((r) => r.path)]);
    const kept = [...[...this.kept.values()].filter((e) => !replaced.has(e.path)), ...refs];
    // Clashes (a path added twice, a file where the base has a folder) surface before any file is read.
    buildTree([...kept, ...local.map((f) => ({ path: f.path, size: 0, digest: PLACEHOLDER_DIGEST }))]);
    const result = await logFiles(this.ctx, {
      collection: this.collection,
      local,
      kept,
      commit: commitFields({
        type: this.base.type,
        metadata: opts.metadata ?? this.base.metadata,
        description: opts.description ?? this.base.description,
        aliases,
        reason: opts.reason,
        ttlSeconds: opts.ttlSeconds,
        run: opts.run,
      }),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    if (result.created) return result;
    // Equal to an existing version: it keeps what it was logged with, and says so, as logArtifact does.
    const notApplied = notAppliedFields({ metadata: opts.metadata, description: opts.description }, result.version);
    return notApplied.length > 0 ? { ...result, notApplied } : result;
  }
}

async function collectAt(source: string, dest: string | undefined): Promise<LocalFile[]> {
  let isFile: boolean;
  try {
    isFile = statSync(source).isFile();
  } catch (err) {
    throw new InvalidPathError(source, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const files = await collectFiles([source]);
  if (isFile) return files.map((f) => ({ ...f, path: dest ?? basename(source) }));
  return dest === undefined ? files : files.map((f) => ({ ...f, path: `${dest}/${f.path}` }));
}
