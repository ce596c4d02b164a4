/**
 * A queue of async tasks with at most `limit` running, fed while it runs: the
 * pipelined log adds upload tasks window by window, and all windows share one
 * bound so overlapping windows never exceed `concurrency` requests. After the
 * first failure no new task starts (queued ones are dropped) and `onError` is
 * told once; `idle()` resolves when nothing is running any more, so callers can
 * report the failure knowing nothing is still sending.
 */
export class TaskQueue {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private failed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  push(task: () => Promise<void>): void {
    if (this.failed) return;
    this.waiting.push(task);
    this.pump();
  }

  /** Resolves once no task runs and none waits (after a failure: once the running ones settled). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.failed && this.running < this.limit && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      this.running++;
      task().then(
        () => this.settle(),
        (err: unknown) => {
          if (!this.failed) {
            this.failed = true;
            this.waiting.length = 0;
            this.onError(err);
          }
          this.settle();
        },
      );
    }
  }

  private settle(): void {
    this.running--;
    this.pump();
    if (this.running === 0 && this.waiting.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
