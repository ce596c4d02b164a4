import { listEvents, type ArcaEvent, type EventFilter, type Store } from '@arca/store';
import type { Response } from 'express';
import type { EventHub } from './EventHub.js';
import { eventLimits } from './eventLimits.js';

/** `id:` then `data:`: the type is inside the JSON, so EventSource's plain `onmessage` sees every event. */
function frame(e: ArcaEvent): string {
  return `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;
}

/**
 * One open `GET /events` answer. It keeps its own cursor in the ref log and,
 * whenever the hub says the log grew, reads on from there, writing with
 * backpressure: a client that reads slowly holds one socket buffer, and the
 * rest of its backlog stays in the database.
 */
export class EventStream {
  private pumping = false;
  private again = false;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    hub: EventHub,
    private readonly res: Response,
    private readonly filter: EventFilter,
    private cursor: number,
    heartbeatMs: number,
    /** Whether the key that opened the stream may still read (false once it is revoked): checked before every page and heartbeat. */
    private readonly keyLive: () => boolean = () => true,
  ) {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    // nginx buffers proxied answers unless told not to; a buffered stream is no stream.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    // The first frame carries the resume point without an event (SSE sets the last
    // event id even when there is no data), so a client cut off before any event
    // reconnects from here instead of from "now", and misses nothing in between.
    res.write(`retry: ${eventLimits.retryMs}\nid: ${cursor}\n\n`);
    res.on('close', () => this.close());
    this.unsubscribe = hub.subscribe(() => this.pump(), { stream: true });
    this.heartbeat = setInterval(() => {
      if (this.keyLive()) res.write(': heartbeat\n\n');
      else this.close();
    }, heartbeatMs);
    this.pump();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
  }

  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.drainLog()
      .catch(() => this.res.destroy())
      .finally(() => {
        this.pumping = false;
      });
  }

  private async drainLog(): Promise<void> {
    do {
      this.again = false;
      for (let done = false; !done && !this.closed; ) {
        // A revoked key is refused at once on every route; a stream it opened ends too.
        if (!this.keyLive()) return this.close();
        const page = listEvents(this.store, this.cursor, this.filter, eventLimits.pageRows);
        this.cursor = page.cursor;
        done = page.done;
        let ok = true;
        for (const e of page.events) ok = this.res.write(frame(e));
        if (!ok) await this.drained();
      }
    } while (this.again && !this.closed);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
