import { ArcaError, errorFromJson } from '@arca/store/pure';
import type { Transport, TransportResponse } from './Transport.js';
import { unreachableError } from './unreachableError.js';

export interface RequestOptions {
  json?: unknown;
  /** A raw body, possibly in parts (frame headers and object bytes) that are sent without being joined. */
  body?: Uint8Array | readonly Uint8Array[];
  contentType?: string;
  accept?: string;
  /** Further request headers (`last-event-id`). */
  headers?: Record<string, string>;
  /** Retry on network failure. Only for requests that are safe to repeat. */
  idempotent?: boolean;
  /**
   * A download of object bytes (idempotent): sent over the bulk transport when
   * the client has one (socketTransport, for plain http), else the usual one.
   */
  bulk?: boolean;
  /** Fails the request (no retry) or cuts off its body when aborted. */
  signal?: AbortSignal;
}

const RETRY_DELAYS_MS = [100, 500];
/** How long a transfer of objects may go without a byte either way before it counts as a lost connection. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/**
 * The thin HTTP layer: base URL, API key, JSON, and the mapping of every
 * failure to an ArcaError (server errors keep their code and data; no answer at
 * all is `Unreachable`). Transfers of objects may be repeated safely, so they
 * retry a network failure twice; ref changes never retry (a lost answer to a
 * compare-and-swap must not be replayed as a conflict).
 */
export class HttpClient {
  readonly base: string;
  /**
   * A true private field, not a TS `private` one: those are plain properties, so
   * `console.log(client)` or `JSON.stringify(run)` in a training script printed the key.
   */
  readonly #apiKey: string | undefined;

  constructor(
    url: string,
    apiKey: string | undefined,
    private readonly transport: Transport,
    /** For `bulk` requests; they go over `transport` when absent. */
    private readonly bulkTransport?: Transport,
    /**
     * For transfers of objects (idempotent and bulk requests): a connection silent
     * this long fails like a lost one (and is retried as one). Other requests
     * (a commit, a gc, the event stream) may legitimately wait, and have no limit.
     */
    private readonly idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS,
  ) {
    this.#apiKey = apiKey;
    const trimmed = url.replace(/\/+$/, '');
    this.base = trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<TransportResponse> {
    const url = this.base + path;
    const headers: Record<string, string> = { ...opts.headers };
    if (this.#apiKey !== undefined) headers.authorization = `Bearer ${this.#apiKey}`;
    if (opts.accept) headers.accept = opts.accept;
    let body: readonly Uint8Array[] | undefined;
    if (opts.json !== undefined) {
      body = [Buffer.from(JSON.stringify(opts.json))];
      headers['content-type'] = 'application/json';
    } else if (opts.body !== undefined) {
      body = opts.body instanceof Uint8Array ? [opts.body] : opts.body;
      headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    }
    const transport = opts.bulk && this.bulkTransport ? this.bulkTransport : this.transport;
    const transfer = opts.idempotent || opts.bulk;
    const attempts = transfer ? RETRY_DELAYS_MS.length + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      let res: TransportResponse;
      try {
        res = await transport(method, url, headers, body, opts.signal, transfer ? this.idleTimeoutMs : undefined);
      } catch (err) {
        if (attempt + 1 < attempts && !opts.signal?.aborted) {
          await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
          continue;
        }
        throw unreachableError(url, err);
      }
      if (res.status >= 200 && res.status < 300) return res;
      throw await this.errorOf(res, method, path);
    }
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const bytes = await this.bytes(res, path);
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch (err) {
      throw new ArcaError('Unexpected', `${method} ${path}: answer is not JSON`, { status: res.status });
    }
  }

  /** Reads a whole body, mapping a cut connection to `Unreachable`. */
  async bytes(res: TransportResponse, path: string): Promise<Buffer> {
    try {
      return await res.bytes();
    } catch (err) {
      throw unreachableError(this.base + path, err);
    }
  }

  private async errorOf(res: TransportResponse, method: string, path: string): Promise<ArcaError> {
    let body: unknown = null;
    try {
      body = JSON.parse((await res.bytes()).toString('utf8'));
    } catch {
      // Not our server's JSON (a proxy page, say): keep only the status.
    }
    const err = errorFromJson(body, `${method} ${path}: HTTP ${res.status}`);
    if (err.code === 'Unexpected') (err.data as Record<string, unknown>).status = res.status;
    return err;
  }
}
