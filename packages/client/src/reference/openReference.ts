import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { ReferenceUnavailableError, type ReferenceEntry } from '@arca/store/pure';

const MAX_REDIRECTS = 5;

export interface OpenedReference {
  body: AsyncIterable<Uint8Array>;
  /** The server's ETag, for http(s); undefined for files. */
  etag: string | undefined;
  close(): void;
}

/**
 * Opens a reference's bytes as a stream: a local file for `file://`, a GET
 * (following up to 5 redirects) for `http(s)://`. `ca` (PEM) replaces the
 * default trust roots for https, so a registry behind a private CA or a test
 * server with a self-signed certificate is checked, not waved through.
 */
export async function openReference(e: ReferenceEntry, opts: { ca?: string | Buffer } = {}): Promise<OpenedReference> {
  const url = new URL(e.uri);
  if (url.protocol === 'file:') {
    const stream = createReadStream(fileURLToPath(url));
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err) => reject(new ReferenceUnavailableError(e.path, e.uri, (err as NodeJS.ErrnoException).code ?? err.message)));
    });
    return { body: stream, etag: undefined, close: () => stream.destroy() };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ReferenceUnavailableError(e.path, e.uri, `${url.protocol.slice(0, -1)} references are recorded and listed but not fetched (that needs the storage's credentials)`);
  }
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await get(current, opts.ca, e);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location !== undefined) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new ReferenceUnavailableError(e.path, e.uri, `more than ${MAX_REDIRECTS} redirects`);
      current = new URL(res.headers.location, current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new ReferenceUnavailableError(e.path, e.uri, `redirected to ${current.protocol}`);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new ReferenceUnavailableError(e.path, e.uri, `HTTP ${status}`);
    }
    const etag = res.headers.etag;
    return { body: res, etag: typeof etag === 'string' ? etag : undefined, close: () => res.destroy() };
  }
}

function get(url: URL, ca: string | Buffer | undefined, e: ReferenceEntry): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', ...(ca !== undefined && url.protocol === 'https:' ? { ca } : {}) }, resolve);
    req.on('error', (err: NodeJS.ErrnoException) => reject(new ReferenceUnavailableError(e.path, e.uri, err.code ?? err.message)));
    req.end();
  });
}
