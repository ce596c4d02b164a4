import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { PackEntry } from './PackEntry.js';

/**
 * The worker's code, kept here as text (eval) so it runs the same from the
 * TypeScript sources under vitest and from dist: a separate .ts file could not
 * be loaded by a Worker there. CommonJS, given the resolved better-sqlite3.
 *
 * The file must exist already, in WAL mode with its table (PackIndex makes it):
 * this thread never changes the file's format, see FsObjectStore.index.
 *
 * Group commit: requests that arrive while a transaction is being synced are
 * recorded together in the next one, so N concurrent batches cost fewer than N
 * fsyncs of the index.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = FULL');
const insert = db.prepare('INSERT OR IGNORE INTO packed (digest, pack, offset, size) VALUES (?, ?, ?, ?)');
const tx = db.transaction((jobs) => jobs.map((job) => {
  let added = 0;
  for (const r of job.rows) added += insert.run(r.digest, r.pack, r.offset, r.size).changes;
  return added;
}));
let queue = [];
let scheduled = false;
function flush() {
  scheduled = false;
  const jobs = queue;
  queue = [];
  try {
    const added = tx.immediate(jobs);
    jobs.forEach((job, i) => parentPort.postMessage({ id: job.id, added: added[i] }));
  } catch (err) {
    for (const job of jobs) parentPort.postMessage({ id: job.id, error: { message: String(err && err.message), code: err && err.code } });
  }
}
parentPort.on('message', (job) => {
  if (job.close) {
    if (queue.length) flush();
    db.close();
    parentPort.close();
    return;
  }
  queue.push(job);
  if (!scheduled) { scheduled = true; setImmediate(flush); }
});
`;

/**
 * Inserts pack index rows from a worker thread. A commit with synchronous=FULL
 * waits for an fsync of the WAL (~40 ms here); done on the main thread it froze
 * the server's event loop once per batch (measured: 1.5 s of 13 s while logging
 * 10,000 small files), so no other upload could be received meanwhile.
 *
 * Invariant (see FsObjectStore.putBatch): rows are sent here only for packs that
 * are already durable, and `insert` resolves only once they are committed and
 * synced, so an answer of 200 means the objects survive power loss.
 */
export class PackIndexWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (added: number) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  /** Set once the worker has ended (closed, or died on an error): close() must not wait for an exit that already happened. */
  private readonly ended: Promise<void>;
  private hasEnded = false;

  constructor(path: string) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, sqlite } });
    this.ended = new Promise<void>((resolve) =>
      this.worker.once('exit', () => {
        this.hasEnded = true;
        resolve();
      }),
    );
    // Idle, the worker must not keep the process alive; busy, it must (see insert).
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; added?: number; error?: { message: string; code?: string } }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.settled(msg.id);
      if (msg.error) p.reject(Object.assign(new Error(`pack index: ${msg.error.message}`), { code: msg.error.code ?? 'PackIndexWrite' }));
      else p.resolve(msg.added!);
    });
    const failAll = (err: Error) => {
      for (const [id, p] of this.pending) {
        this.settled(id);
        p.reject(err);
      }
    };
    this.worker.on('error', (err) => failAll(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'PackIndexWorker' })));
    this.worker.on('exit', (code) => failAll(Object.assign(new Error(`pack index worker exited (${code})`), { code: 'PackIndexWorker' })));
  }

  /** False once the worker has ended; the object store then starts a new writer for the next batch. */
  get alive(): boolean {
    return !this.hasEnded;
  }

  /** Records rows in one transaction (INSERT OR IGNORE: a digest indexed first keeps its row). Resolves with how many were new. */
  insert(rows: readonly PackEntry[]): Promise<number> {
    const id = this.nextId++;
    if (this.hasEnded) return Promise.reject(Object.assign(new Error('pack index worker has ended'), { code: 'PackIndexWorker' }));
    return new Promise<number>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows });
    });
  }

  /** Closes the database cleanly (after recording anything queued) and ends the worker. */
  close(): Promise<void> {
    if (this.hasEnded) return Promise.resolve();
    this.worker.ref();
    this.worker.postMessage({ close: true });
    return this.ended;
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}
