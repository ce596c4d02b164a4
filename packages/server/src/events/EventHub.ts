import type { Store } from '@arca/store';

export interface EventHubOptions {
  /**
   * How often to look for ref log rows written by other processes (another
   * server on the same database); this process's own writes are seen at once.
   */
  pollMs?: number;
}

/**
 * Tells listeners that the ref log grew. It carries no events itself: each
 * listener reads from its own cursor (listEvents), so a slow listener falls
 * behind in the database, not in memory, and a listener that is catching up
 * cannot miss a row appended meanwhile.
 */
export class EventHub {
  private head: number;
  private readonly listeners = new Set<() => void>();
  private streams = 0;
  private readonly offCommit: () => void;
  private readonly pollMs: number;
  private poll: NodeJS.Timeout | undefined;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    options: EventHubOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.head = store.refs.lastRefLogSeq();
    this.offCommit = store.refs.onRefLogCommit(() => this.schedule());
  }

  /** The newest ref log seq this hub has announced. */
  get lastSeq(): number {
    return this.head;
  }

  /** Open event streams (the webhook dispatcher, also a listener, is not one). */
  get streamCount(): number {
    return this.streams;
  }

  /**
   * Calls `listener` whenever the ref log has grown; returns the unsubscribe.
   * `stream`: it is a client's event stream (counted in streamCount).
   */
  subscribe(listener: () => void, options: { stream?: boolean } = {}): () => void {
    if (this.closed) throw new Error('EventHub is closed');
    const wrapped = () => listener();
    this.listeners.add(wrapped);
    if (options.stream) this.streams++;
    this.poll ??= setInterval(() => this.check(), this.pollMs).unref();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      if (options.stream && !this.closed) this.streams--;
      this.listeners.delete(wrapped);
      if (this.listeners.size === 0 && this.poll) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    };
  }

  close(): void {
    this.closed = true;
    this.offCommit();
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.listeners.clear();
    this.streams = 0;
  }

  // The commit hook runs inside the writer's request handler; the fan-out waits
  // for the next turn of the event loop so the writer's answer is not delayed.
  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.check();
    });
  }

  private check(): void {
    if (this.closed) return;
    const head = this.store.refs.lastRefLogSeq();
    if (head <= this.head) return;
    this.head = head;
    for (const listener of [...this.listeners]) listener();
  }
}
