import { ArcaError, EVENT_TYPES, InvalidArgumentError, parseCollectionName, validateName, type ArcaEvent } from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import { unreachableError } from '../http/unreachableError.js';
import type { TransportResponse } from '../http/Transport.js';
import type { EventsOptions } from './EventsOptions.js';
import { SseParser } from './SseParser.js';

const MAX_DELAY_MS = 30_000;
const KNOWN = new Set<string>(EVENT_TYPES);

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Lost connections and server-side failures are worth a reconnect; a refused request (4xx) is not. */
function retryable(err: unknown): boolean {
  if (!(err instanceof ArcaError)) return true;
  return err.code === 'Unreachable' || err.code === 'Internal' || (err.code === 'Unexpected' && Number(err.data.status) >= 500);
}

function validate(opts: EventsOptions): URLSearchParams {
  const q = new URLSearchParams();
  for (const e of opts.entity === undefined ? [] : Array.isArray(opts.entity) ? opts.entity : [opts.entity]) {
    validateName('entity', e);
    q.append('entity', e);
  }
  if (opts.collection !== undefined) {
    parseCollectionName(opts.collection);
    q.set('collection', opts.collection);
  }
  for (const t of opts.types ?? []) {
    if (!KNOWN.has(t)) throw new InvalidArgumentError('types', `unknown event type ${JSON.stringify(t)}`);
    q.append('type', t);
  }
  if (opts.since !== undefined && (!Number.isSafeInteger(opts.since) || opts.since < 0)) {
    throw new InvalidArgumentError('since', 'a non-negative integer event id');
  }
  return q;
}

/**
 * `GET /events` as an async iterator. A dropped connection (or a server
 * restart) is reconnected with `Last-Event-ID`, so the sequence has no gap and
 * no repeat; the server's first frame names the resume point, so this holds
 * even when the drop comes before the first event. Stops when `signal` aborts
 * or the caller leaves the loop; a refused request (bad filter) throws.
 */
export function streamEvents(http: HttpClient, opts: EventsOptions = {}): AsyncGenerator<ArcaEvent, void, undefined> {
  // Checked now, not at the first next(): a bad filter fails where it was written.
  return follow(http, opts, validate(opts));
}

async function* follow(http: HttpClient, opts: EventsOptions, query: URLSearchParams): AsyncGenerator<ArcaEvent, void, undefined> {
  const base = Math.max(10, opts.reconnectDelayMs ?? 1000);
  const signal = opts.signal;
  let lastId = opts.since;
  let delay = base;
  let attempt = 0;
  while (!signal?.aborted) {
    let res: TransportResponse | undefined;
    const onAbort = () => res?.discard();
    signal?.addEventListener('abort', onAbort, { once: true });
    let failure: unknown;
    try {
      const headers: Record<string, string> = lastId === undefined ? {} : { 'last-event-id': String(lastId) };
      const qs = query.toString();
      res = await http.request('GET', `/events${qs ? `?${qs}` : ''}`, { accept: 'text/event-stream', headers });
      if (signal?.aborted) return;
      const parser = new SseParser();
      for await (const chunk of res.body) {
        for (const frame of parser.push(chunk)) {
          if (frame.id !== undefined && /^\d+$/.test(frame.id)) lastId = Number(frame.id);
          if (frame.data === undefined) continue;
          const event = JSON.parse(frame.data) as ArcaEvent;
          delay = base;
          attempt = 0;
          yield event;
        }
      }
      failure = unreachableError(http.base + '/events', new Error('the server ended the event stream'));
    } catch (err) {
      if (signal?.aborted) return;
      if (!retryable(err)) throw err;
      failure = err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      res?.discard();
    }
    attempt++;
    opts.onReconnect?.({ attempt, error: failure, lastEventId: lastId });
    await pause(delay, signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
