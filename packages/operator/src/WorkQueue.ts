/**
 * A deduplicating work queue of object keys, as client-go's: a key queued
 * twice is handled once, a key is never handled by two workers at once (an
 * add while it is handled runs it again afterwards), and failures retry with
 * per-key exponential backoff.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** At most one pending delayed add per key (the earliest), as client-go's delaying queue: retries never pile up. */
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private waiters: (() => void)[] = [];
  private stopped = false;
  private running = 0;

  constructor(
    private readonly handle: (key: string) => Promise<void>,
    private readonly opts: { workers: number; baseBackoffMs: number; maxBackoffMs: number; onError: (key: string, err: unknown) => void },
  ) {}

  start(): void {
    for (let i = 0; i < this.opts.workers; i++) void this.work();
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.waiters.shift()?.();
  }

  /** Adds `key` after `ms`; a key already waiting keeps the earlier of the two times (one timer per key). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    const known = this.waiting.get(key);
    if (known && known.at <= at) return;
    if (known) clearTimeout(known.timer);
    const timer = setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { timer, at });
  }

  /** Retries `key` after its next backoff (base doubling per failure, up to max); returns the delay. */
  retry(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** n);
    this.addAfter(key, delay);
    return delay;
  }

  /** A success: the next failure of `key` starts from the base backoff again. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Stops taking work and waits for the keys being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
    for (const w of this.waiters.splice(0)) w();
    while (this.running > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async work(): Promise<void> {
    this.running++;
    try {
      while (!this.stopped) {
        const key = this.queue.shift();
        if (key === undefined) {
          await new Promise<void>((r) => this.waiters.push(r));
          continue;
        }
        this.queued.delete(key);
        this.active.add(key);
        try {
          await this.handle(key);
        } catch (err) {
          this.opts.onError(key, err);
        } finally {
          this.active.delete(key);
        }
        if (this.dirty.delete(key)) this.add(key);
      }
    } finally {
      this.running--;
    }
  }
}
