import { randomBytes } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ArcaError, PACK_MAGIC, writeAll } from '@arca/store/pure';
import { frameParts } from '../frames/frameParts.js';
import type { HttpClient } from '../http/HttpClient.js';
import { isFolderHere } from '../util/isFolderHere.js';

/**
 * Local writes (decision 024): instead of uploading objects, a client on the
 * server's machine writes them as a pack file into the server's staging folder
 * and asks the server to adopt it. The server checks every object, exactly as
 * an upload, so nothing here is trusted; what it saves is moving every byte
 * through two HTTP stacks.
 *
 * The folder is asked for once, on the first send. Whenever it is not offered
 * (a remote server, local writes off, a server from before this) or cannot be
 * written (another user's folder, a server in a container), `send` answers
 * false and the caller uploads; after the first such answer it stops trying.
 */
export class LocalStaging {
  private dir: Promise<string | null> | null = null;
  private off = false;

  constructor(private readonly http: HttpClient) {}

  /** False once staging is known not to work here: upload instead. */
  get usable(): boolean {
    return !this.off;
  }

  /**
   * Stores `objects` through the staging folder. Resolves true once the server
   * has adopted them (durable, as a 200 to an upload), false when staging is not
   * possible (nothing was stored). Errors of the adoption itself (a digest that
   * does not match) are thrown, as an upload's would be.
   */
  async send(objects: readonly { digest: string; bytes: Uint8Array }[]): Promise<boolean> {
    const dir = await (this.dir ??= this.askFolder());
    if (dir === null || this.off) return this.stop();
    const file = `${randomBytes(12).toString('hex')}.pack`;
    const path = join(dir, file);
    let fh: FileHandle;
    try {
      fh = await open(path, 'wx', 0o600);
    } catch {
      return this.stop();
    }
    try {
      try {
        await writeAll(fh, [PACK_MAGIC, ...frameParts(objects)]);
      } finally {
        await fh.close();
      }
    } catch {
      // A disk that is full for this file is full for an upload too, which then says so.
      await unlink(path).catch(() => {});
      return this.stop();
    }
    try {
      await this.http.json('POST', '/objects/adopt', { json: { file } });
    } catch (err) {
      // The server removes what it was asked about; a request that never got there leaves it to us.
      await unlink(path).catch(() => {});
      if (err instanceof ArcaError && err.code === 'LocalWritesRefused') return this.stop();
      throw err;
    }
    return true;
  }

  private stop(): false {
    this.off = true;
    return false;
  }

  private async askFolder(): Promise<string | null> {
    let answer: { dir: string | null };
    try {
      answer = await this.http.json<{ dir: string | null }>('POST', '/objects/stage', { json: {} });
    } catch (err) {
      // A server from before local writes has no such route (404); whatever else went
      // wrong, the upload proper will meet it again and report it.
      if (!(err instanceof ArcaError)) throw err;
      return null;
    }
    return isFolderHere(answer.dir) ? answer.dir : null;
  }
}
