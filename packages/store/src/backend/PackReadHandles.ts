import { open, type FileHandle } from 'node:fs/promises';

/**
 * Pack files held open for the reads of one request. `POST /objects/fetch` of
 * small objects reads hundreds of them from a few packs; opening and closing
 * the pack for each read (readPacked's default) was the largest single cost of
 * the server in a pull of 2,000 small files (measured: ~1 s of its CPU on
 * open/fstat/close). Held only until `close`, which the request calls once
 * all its reads have settled, so no descriptor outlives a request; a pack that
 * garbage collection deletes meanwhile stays readable through the open handle,
 * and what is read from it is verified against its digest like any read.
 */
export class PackReadHandles {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private closed = false;

  /** The open handle of the pack at `path`, opened on first use; rejects as open() does (ENOENT when gone). */
  handle(path: string): Promise<FileHandle> {
    if (this.closed) return Promise.reject(new Error('PackReadHandles used after close'));
    let h = this.handles.get(path);
    if (!h) {
      h = open(path, 'r');
      this.handles.set(path, h);
      // A failed open is not kept: the next read tries again (a repack may have replaced the pack).
      h.catch(() => {
        if (this.handles.get(path) === h) this.handles.delete(path);
      });
    }
    return h;
  }

  /** Closes every handle. Call only when no read through them is in flight. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(all.map((h) => h.then((fh) => fh.close(), () => {})));
  }
}
