import { appendFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkParams, hashBytes, isDigest, type ScannedFile } from '@arca/store/pure';
import type { FileIdentity } from './LocalFile.js';
import { sameIdentity } from './sameIdentity.js';

interface Entry extends FileIdentity {
  path: string;
  digest: string;
  /** [digest, size] pairs; absent for a file of one chunk. */
  chunks?: [string, number][];
}

/**
 * Mixed into every line's checksum: a line written with other chunking
 * parameters (or another layout of the line) describes other chunks, and is
 * skipped like a damaged one.
 */
const FORMAT = `arca-scan-index 1 ${chunkParams.minSize}/${chunkParams.avgSize}/${chunkParams.maxSize}\n`;

/** The checksum a line carries: a damaged line that still parses must not be believed. */
function sumOf(e: Entry): string {
  return hashBytes(Buffer.from(FORMAT + JSON.stringify(e))).slice(3, 35);
}

function encodeLine(e: Entry): string {
  return JSON.stringify({ ...e, sum: sumOf(e) });
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The entry of one line, or undefined for a line that is damaged, malformed, or of another format. */
function decodeLine(line: string): Entry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const { sum, ...rest } = v as Record<string, unknown>;
  const e = rest as unknown as Entry;
  if (typeof e.path !== 'string' || !isDigest(e.digest) || !isCount(e.size)) return undefined;
  if (typeof e.dev !== 'string' || typeof e.ino !== 'string' || typeof e.mtimeNs !== 'string' || typeof e.ctimeNs !== 'string') return undefined;
  if (e.chunks !== undefined) {
    if (!Array.isArray(e.chunks) || e.chunks.length < 2) return undefined;
    let total = 0;
    for (const c of e.chunks as unknown[]) {
      if (!Array.isArray(c) || c.length !== 2 || !isDigest(c[0]) || !isCount(c[1]) || c[1] === 0) return undefined;
      total += c[1];
    }
    if (total !== e.size) return undefined;
  }
  return sum === sumOf(e) ? e : undefined;
}

/**
 * git's index for Arca: remembers the scan result of a file by (absolute path,
 * dev, ino, size, mtime ns, ctime ns), so an unchanged file is not read again.
 *
 * Storage is one append-only JSON-lines file: loading is one read, recording a
 * whole log is one append (a single write, so concurrent processes do not
 * interleave lines), the last line for a path wins, a damaged line is skipped,
 * and the file is compacted once most of its lines are superseded. Every line
 * carries a checksum of its fields and of the chunking parameters: a line that
 * parses but was damaged (or written by another version) would otherwise put a
 * digest in the log that its bytes do not have.
 *
 * The racy case: a file written again within the timestamp granularity of its
 * previous write keeps the same mtime. A result is therefore only recorded when
 * the file's mtime is clearly older than the moment reading began (50 ms on
 * filesystems with sub-second timestamps, 2 s on those with whole seconds);
 * otherwise the next log reads the file again, as git re-checks racily clean
 * entries. ctime is part of the key, so even a write that restores mtime
 * (touch -r, rsync -t) invalidates the entry.
 */
export class ScanCache {
  private readonly file: string;
  private entries = new Map<string, Entry>();
  private lines = 0;
  private pending: Entry[] = [];
  private loaded = false;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'scan-index.jsonl');
  }

  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.lines++;
      // A torn or damaged line costs one rescan, nothing more.
      const e = decodeLine(line);
      if (e) this.entries.set(e.path, e);
    }
  }

  lookup(abs: string, identity: FileIdentity): ScannedFile | undefined {
    const e = this.entries.get(abs);
    if (!e || !sameIdentity(e, identity)) return undefined;
    // Chunk sizes were checked against the size when the line was read (decodeLine).
    const chunks = e.chunks ? e.chunks.map(([digest, size]) => ({ digest, size })) : [{ digest: e.digest, size: e.size }];
    return { size: e.size, digest: e.digest, chunks };
  }

  /** Remembers a result read from a file whose identity was `identity` both before and after reading began at `readStartMs`. */
  record(abs: string, identity: FileIdentity, scan: ScannedFile, readStartMs: number): void {
    if (isRacy(identity, readStartMs)) return;
    const e: Entry = { path: abs, ...identity, digest: scan.digest };
    if (scan.chunks.length > 1) e.chunks = scan.chunks.map((c) => [c.digest, c.size]);
    this.entries.set(abs, e);
    this.pending.push(e);
  }

  /**
   * Writes what was recorded. A cache folder that cannot be written (read-only
   * home, a file in its place, a full disk) only costs the next log a rescan:
   * it must not fail the log whose files were read and uploaded fine.
   */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.map(encodeLine).join('\n') + '\n';
    this.lines += this.pending.length;
    this.pending = [];
    try {
      await mkdir(this.dir, { recursive: true });
      if (this.lines > 2 * this.entries.size + 1000) {
        const all = [...this.entries.values()].map(encodeLine).join('\n') + '\n';
        const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
        try {
          await writeFile(tmp, all);
          await rename(tmp, this.file);
        } catch (err) {
          await unlink(tmp).catch(() => {});
          throw err;
        }
        this.lines = this.entries.size;
      } else {
        await appendFile(this.file, text);
      }
    } catch {
      // Not recorded: the next log reads these files again.
    }
  }
}

function isRacy(identity: FileIdentity, readStartMs: number): boolean {
  const mtimeNs = BigInt(identity.mtimeNs);
  const coarse = mtimeNs % 1_000_000_000n === 0n;
  const marginNs = coarse ? 2_000_000_000n : 50_000_000n;
  return BigInt(Math.floor(readStartMs)) * 1_000_000n - mtimeNs < marginNs;
}
