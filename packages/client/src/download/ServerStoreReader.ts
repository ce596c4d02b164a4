import { closeSync, openSync, read } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ArcaError } from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import { isFolderHere } from '../util/isFolderHere.js';

/** Digests per locate request: the server's limit for a fetch list (docs/api.md). */
const LOCATE_BATCH = 10_000;
/** `ab/<62 hex>` or `packs/<name>.pack`: nothing that could point outside the objects folder. */
const readAt = promisify(read);

const OBJECT_FILE = /^(?:[0-9a-f]{2}\/[0-9a-f]{62}|packs\/[0-9A-Za-z][0-9A-Za-z_-]*(?:\.[0-9A-Za-z_-]+)*\.pack)$/;

interface Location {
  file: string;
  offset: number;
  size: number;
}

interface LocateAnswer {
  dir: string | null;
  objects: (Location & { digest: string })[];
}

/**
 * Reads objects straight from the files of a server on this machine, at the
 * locations the server gave (POST /objects/locate, decision 022). It trusts
 * nothing it reads: callers hash the bytes, and a location that has gone stale
 * (garbage collection repacked it) or a file it cannot open reads as null, so
 * the caller fetches that object over HTTP instead.
 */
export class ServerStoreReader {
  /** Open packs by file name; null for one that could not be opened. */
  private readonly packs = new Map<string, number | null>();

  private constructor(
    private readonly dir: string,
    private readonly locations: Map<string, Location>,
  ) {}

  /**
   * Asks the server where `digests` lie. Null when it offers no local reads (a
   * remote server, one started with local reads off), or when the folder it
   * names is not there to read (a server in a container, whose port is forwarded).
   * An empty list asks nothing.
   */
  static async open(http: HttpClient, digests: readonly string[], signal?: AbortSignal): Promise<ServerStoreReader | null> {
    const locations = new Map<string, Location>();
    let dir: string | null = null;
    for (let i = 0; i < digests.length; i += LOCATE_BATCH) {
      let answer: LocateAnswer;
      try {
        answer = await http.json<LocateAnswer>('POST', '/objects/locate', { json: { digests: digests.slice(i, i + LOCATE_BATCH) }, ...(signal ? { signal } : {}) });
      } catch (err) {
        // A server from before local reads has no such route (404); whatever else went
        // wrong, the download proper will meet it again and report it.
        if (signal?.aborted || !(err instanceof ArcaError)) throw err;
        return null;
      }
      if (answer.dir === null || (dir !== null && answer.dir !== dir)) return null;
      dir = answer.dir;
      for (const o of answer.objects) {
        if (OBJECT_FILE.test(o.file) && Number.isSafeInteger(o.offset) && o.offset >= 0 && Number.isSafeInteger(o.size) && o.size >= 0) {
          locations.set(o.digest, { file: o.file, offset: o.offset, size: o.size });
        }
      }
    }
    if (!isFolderHere(dir) || locations.size === 0) return null;
    return new ServerStoreReader(dir, locations);
  }

  has(digest: string, size: number): boolean {
    return this.locations.get(digest)?.size === size;
  }

  /**
   * An open file holding the object at `offset`, for a copy to read itself
   * (unverified, as with `read`); null when it cannot be opened. `release`
   * closes a loose object's file; a pack's stays open until `close`. Opened
   * synchronously: a large file's chunks lie in a hundred packs or more, and a
   * promise per open cost ~20 ms before the first byte was copied.
   */
  source(digest: string): { fd: number; offset: number; release(): void } | null {
    const at = this.locations.get(digest);
    if (!at) return null;
    if (at.file.startsWith('packs/')) {
      const fd = this.pack(at.file);
      return fd === null ? null : { fd, offset: at.offset, release: () => {} };
    }
    const fd = openOrNull(join(this.dir, at.file));
    return fd === null ? null : { fd, offset: at.offset, release: () => closeSync(fd) };
  }

  /** The object's bytes, read into `into` (of its size), not yet verified; null when they cannot be read. */
  async read(digest: string, into: Buffer): Promise<Buffer | null> {
    if (this.locations.get(digest)?.size !== into.length) return null;
    const src = this.source(digest);
    if (!src) return null;
    let filled = 0;
    try {
      while (filled < into.length) {
        const { bytesRead } = await readAt(src.fd, into, filled, into.length - filled, src.offset + filled);
        if (bytesRead === 0) return null;
        filled += bytesRead;
      }
    } catch {
      return null;
    } finally {
      src.release();
    }
    return into;
  }

  close(): void {
    for (const fd of this.packs.values()) if (fd !== null) closeSync(fd);
    this.packs.clear();
  }

  private pack(file: string): number | null {
    let fd = this.packs.get(file);
    if (fd === undefined) {
      fd = openOrNull(join(this.dir, file));
      this.packs.set(file, fd);
    }
    return fd;
  }
}

function openOrNull(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}
