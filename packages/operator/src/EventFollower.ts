import { ArcaClient } from '@arca/client';
import type { EventType } from '@arca/store';
import { authorizedFetch } from './authorizedFetch.js';

/** The ref changes that can change what an alias or a pinned digest resolves to. */
const TYPES: EventType[] = ['alias.added', 'alias.moved', 'alias.removed', 'version.linked', 'version.unlinked', 'version.deleted'];
const REFUSED_RETRY_MS = 30_000;

interface Stream {
  abort: AbortController;
  lastUsed: number;
}

/**
 * Follows the event stream (`GET /events`, SSE) of every registry the models
 * name, one stream per registry URL and token, and reports the collection of
 * each relevant ref change, so an alias move is rolled out in about a second
 * instead of at the next re-resolve. The client's iterator reconnects by
 * itself with Last-Event-ID (no event lost across a restart of the registry);
 * a refused stream (an old server without /events, a token without rights)
 * is retried every 30 s while the periodic re-resolve covers it.
 */
export class EventFollower {
  private readonly streams = new Map<string, Stream>();

  constructor(
    private readonly on: {
      /** A ref of this collection changed. */
      change(collection: string): void;
      /** The stream of this registry broke: what it would have said is unknown until it is back. */
      lost(url: string): void;
    },
    private readonly opts: { cacheDir: string; log: (msg: string, fields: Record<string, unknown>) => void },
  ) {}

  /** Makes sure the registry at `url`, read with `token`, is followed; called by every reconcile that got this far. */
  follow(url: string, token: string | undefined): void {
    const key = `${url.replace(/\/+$/, '')}\n${token ?? ''}`;
    const known = this.streams.get(key);
    if (known) {
      known.lastUsed = Date.now();
      return;
    }
    const stream: Stream = { abort: new AbortController(), lastUsed: Date.now() };
    this.streams.set(key, stream);
    void this.run(url, token, stream.abort.signal);
  }

  /** Stops the streams no reconcile asked for since `before` (models deleted, tokens rotated). */
  sweep(before: number): void {
    for (const [key, s] of this.streams) {
      if (s.lastUsed < before) {
        s.abort.abort();
        this.streams.delete(key);
      }
    }
  }

  stop(): void {
    this.sweep(Infinity);
  }

  get size(): number {
    return this.streams.size;
  }

  private async run(url: string, token: string | undefined, signal: AbortSignal): Promise<void> {
    const client = new ArcaClient({ url, cacheDir: this.opts.cacheDir, fetch: authorizedFetch(token) });
    this.opts.log('following registry events', { url });
    while (!signal.aborted) {
      try {
        for await (const e of client.events({
          types: TYPES,
          signal,
          onReconnect: ({ attempt, error }) => {
            this.opts.log('registry event stream lost, reconnecting', { url, attempt, error: (error as Error)?.message });
            this.on.lost(url);
          },
        })) {
          this.on.change(e.collection);
        }
      } catch (err) {
        if (signal.aborted) return;
        this.opts.log('registry event stream refused', { url, error: (err as Error).message });
        this.on.lost(url);
        await new Promise<void>((r) => {
          const t = setTimeout(r, REFUSED_RETRY_MS);
          signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
        });
      }
    }
  }
}
