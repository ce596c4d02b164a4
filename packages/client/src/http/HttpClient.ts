import { ArcaError, errorFromJson } from '@arca/store';
import { unreachableError } from './unreachableError.js';

export interface RequestOptions {
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  accept?: string;
  /** Retry on network failure. Only for requests that are safe to repeat. */
  idempotent?: boolean;
}

const RETRY_DELAYS_MS = [100, 500];

/**
 * The thin HTTP layer: base URL, actor header, JSON, and the mapping of every
 * failure to an ArcaError (server errors keep their code and data; no answer at
 * all is `Unreachable`). Transfers of objects may be repeated safely, so they
 * retry a network failure twice; ref changes never retry (a lost answer to a
 * compare-and-swap must not be replayed as a conflict).
 */
export class HttpClient {
  readonly base: string;

  constructor(
    url: string,
    private readonly actor: string | undefined,
    private readonly fetchFn: typeof fetch,
  ) {
    const trimmed = url.replace(/\/+$/, '');
    this.base = trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const url = this.base + path;
    const headers: Record<string, string> = {};
    if (this.actor !== undefined) headers['x-arca-actor'] = this.actor;
    if (opts.accept) headers.accept = opts.accept;
    let body: Uint8Array | string | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.body !== undefined) {
      body = opts.body;
      headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    }
    const attempts = opts.idempotent ? RETRY_DELAYS_MS.length + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchFn(url, { method, headers, body: body as RequestInit["body"] });
      } catch (err) {
        if (attempt + 1 < attempts) {
          await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
          continue;
        }
        throw unreachableError(url, err);
      }
      if (res.ok) return res;
      throw await this.errorOf(res, method, path);
    }
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    try {
      return (await res.json()) as T;
    } catch (err) {
      throw unreachableError(this.base + path, err);
    }
  }

  /** Reads a whole binary body, mapping a cut connection to `Unreachable`. */
  async bytes(res: Response, path: string): Promise<Buffer> {
    try {
      return Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw unreachableError(this.base + path, err);
    }
  }

  private async errorOf(res: Response, method: string, path: string): Promise<ArcaError> {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // Not our server's JSON (a proxy page, say): keep only the status.
    }
    const err = errorFromJson(body, `${method} ${path}: HTTP ${res.status}`);
    if (err.code === 'Unexpected') (err.data as Record<string, unknown>).status = res.status;
    return err;
  }
}
