import type { ChunkRef } from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import type { ProgressThrottle } from '../progress/ProgressThrottle.js';
import { TaskQueue } from '../util/TaskQueue.js';
import { askMissing } from './askMissing.js';
import { ChunkBufferPool } from './ChunkBufferPool.js';
import type { LocalStaging } from './LocalStaging.js';
import type { ObjectSource } from './ObjectSource.js';
import { planUploads } from './planUploads.js';
import { sendUpload } from './sendUpload.js';
import type { UploadStats } from './uploadObjects.js';

export interface UploadPipelineLimits {
  /** Chunk bytes gathered before one `POST /objects/missing` asks about them. */
  windowBytes: number;
  /**
   * Objects gathered before that question, whichever limit comes first: many
   * tiny files would otherwise make one window (and one request body) of tens
   * of thousands of digests before the first upload starts.
   */
  windowObjects: number;
  /** Memory held by chunk copies at once (gathering, being asked about, queued or in flight); beyond it `add` waits. */
  maxHeldBytes: number;
}

/** Copies of chunks this size or larger come from the pool (every chunk of a large file: the minimum chunk is 128 KiB). */
const POOLED_MIN = 64 * 1024;
/** The maximum chunk size (decision 002). */
const POOLED_MAX = 2 * 1024 * 1024;

// Measured on a 1 GiB log (decision 019): each batch waits ~130 ms on the server's
// fsyncs, so what keeps the server busy is enough bytes in flight, not CPU. With
// 64 MiB held the scan stalled while eight batches waited on disk.
const DEFAULT_LIMITS: UploadPipelineLimits = { windowBytes: 16 * 1024 * 1024, windowObjects: 2048, maxHeldBytes: 128 * 1024 * 1024 };

/**
 * Uploads the chunks of the files being read (large files' chunks and small
 * files whole) while the scan goes on, so the scan's time hides behind the
 * upload's and no file is read twice (see docs/decisions/006-pipelined-log.md).
 *
 * The scanner hands each chunk to `add` with bytes in a buffer it reuses, so
 * `add` copies them. Chunks gather into a window, closed by bytes or by count,
 * whichever comes first; a full window asks the server
 * which of its digests are missing, drops the copies of the others at once and
 * queues the missing ones as the usual PUTs and batches, on one queue bounded
 * by `concurrency` shared by all windows. Copying (rather than reading each
 * missing chunk again later, as the unpipelined upload does) means the bytes
 * sent are exactly the bytes hashed, with no second read and no identity check.
 * Memory stays flat in file size: when more than `maxHeldBytes` are held, `add`
 * waits, which stalls the scan until uploads catch up.
 *
 * Each digest is handled once: a chunk repeated later in the file, or seen again
 * when a file that changed under the scan is read again, is not asked twice.
 */
export class UploadPipeline {
  readonly stats: UploadStats = { bytesUploaded: 0, objectsUploaded: 0, bytesWrittenLocally: 0 };
  private readonly seen = new Set<string>();
  private readonly queue: TaskQueue;
  private readonly asks = new Set<Promise<void>>();
  private readonly limits: UploadPipelineLimits;
  private window: ObjectSource[] = [];
  private windowBytes = 0;
  private held = 0;
  private failed = false;
  private error: unknown;
  private roomWaiters: (() => void)[] = [];
  private readonly pool: ChunkBufferPool;

  constructor(
    private readonly http: HttpClient,
    concurrency: number,
    private readonly progress: ProgressThrottle | undefined,
    limits: Partial<UploadPipelineLimits> = {},
    /** Stores objects through the server's staging folder where it can (decision 024). */
    private readonly staging: LocalStaging | null = null,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.queue = new TaskQueue(concurrency, (err) => this.fail(err));
    this.pool = new ChunkBufferPool(POOLED_MIN, POOLED_MAX, this.limits.maxHeldBytes);
  }

  /** Whether this digest went through the pipeline (after `finish`: is on the server). */
  has(digest: string): boolean {
    return this.seen.has(digest);
  }

  /** Takes one chunk; `bytes` may be reused once the returned promise settles. Throws the pipeline's failure, if any. */
  async add(chunk: ChunkRef, bytes: Uint8Array): Promise<void> {
    if (this.failed) throw this.error;
    if (this.seen.has(chunk.digest)) return;
    this.seen.add(chunk.digest);
    // A recycled buffer, given back as soon as the chunk is sent or found present; set() fills all of it.
    const copy = this.pool.take(bytes.length);
    copy.set(bytes);
    this.window.push({ digest: chunk.digest, size: copy.length, bytes: copy });
    this.windowBytes += copy.length;
    this.held += this.pool.capacityOf(copy.length);
    if (this.windowBytes >= this.limits.windowBytes || this.window.length >= this.limits.windowObjects) this.flush();
    while (this.held > this.limits.maxHeldBytes && !this.failed) {
      // The partial window must go out too, or nothing would ever free room.
      this.flush();
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    if (this.failed) throw this.error;
  }

  /** Sends the last window and waits for every upload; throws the first failure. */
  async finish(): Promise<void> {
    this.flush();
    await this.settle();
    if (this.failed) throw this.error;
  }

  /** Waits until no request of the pipeline is running (used before reporting a failure). */
  async settle(): Promise<void> {
    while (this.asks.size > 0) await Promise.all([...this.asks]);
    await this.queue.idle();
  }

  private flush(): void {
    if (this.window.length === 0) return;
    const window = this.window;
    this.window = [];
    this.windowBytes = 0;
    const ask = this.askAndQueue(window).catch((err: unknown) => this.fail(err));
    this.asks.add(ask);
    void ask.finally(() => this.asks.delete(ask));
  }

  private async askAndQueue(window: ObjectSource[]): Promise<void> {
    const missing = new Set(await askMissing(this.http, window.map((s) => s.digest)));
    const send: ObjectSource[] = [];
    let sendBytes = 0;
    let present = 0;
    for (const s of window) {
      if (missing.has(s.digest)) {
        send.push(s);
        sendBytes += s.size;
      } else {
        present += this.pool.capacityOf(s.size);
        this.pool.give(s.bytes!);
      }
    }
    this.release(present);
    if (this.failed) return;
    this.progress?.grow(sendBytes, send.length);
    for (const task of planUploads(send, this.staging?.usable ?? false)) {
      const srcs = task.kind === 'put' ? [task.src] : task.srcs;
      let capacity = 0;
      for (const s of srcs) capacity += this.pool.capacityOf(s.size);
      this.queue.push(async () => {
        try {
          const sent = await sendUpload(this.http, task, this.staging);
          // Only after success: the server answered having read the whole body, so no socket write still uses these bytes.
          for (const s of srcs) this.pool.give(s.bytes!);
          this.stats.bytesUploaded += sent.bytes;
          this.stats.objectsUploaded += sent.objects;
          if (sent.staged) this.stats.bytesWrittenLocally += sent.bytes;
          this.progress?.add(sent.bytes, sent.objects);
        } finally {
          this.release(capacity);
        }
      });
    }
  }

  private release(bytes: number): void {
    this.held -= bytes;
    if (this.held <= this.limits.maxHeldBytes) this.wake();
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.error = err;
    this.wake();
  }

  private wake(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w();
  }
}
