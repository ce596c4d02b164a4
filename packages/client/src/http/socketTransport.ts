import net from 'node:net';
import { ChunkedDecoder } from './ChunkedDecoder.js';
import { parseResponseHead, type ResponseHead } from './parseResponseHead.js';
import { SocketBody } from './SocketBody.js';
import { IdleTimeoutError, type Transport, type TransportResponse } from './Transport.js';

/** A response head larger than this is refused (ours are a few hundred bytes). */
const MAX_HEAD_BYTES = 64 * 1024;

/** A reused keep-alive connection that failed before any byte of the answer: the server had closed it. */
class StaleConnectionError extends Error {}

/**
 * HTTP/1.1 over plain `node:net` sockets, for the bulk downloads of the
 * transfer engine (`POST /objects/fetch`, `GET /objects/{digest}`): node:http's
 * client copies every body piece out of the socket's buffer and runs it through
 * a stream, which cost ~1.6 s of CPU per GiB pulled here, against ~0.6 s for the
 * same bytes read off a socket directly. This reads the head, then hands the
 * socket's own buffers to the consumer as the body (content-length or chunked).
 *
 * Keep-alive connections are kept per host (at most `maxIdle` each). A kept
 * connection the server has meanwhile closed is replaced by a new one and the
 * request sent again, so only idempotent requests may use this transport.
 * `http:` only; TLS stays with node:https.
 */
export function socketTransport(maxIdle: number): Transport {
  const idle = new Map<string, net.Socket[]>();
  const forgetIdle = new WeakMap<net.Socket, () => void>();

  const take = (key: string): net.Socket | undefined => {
    const list = idle.get(key);
    for (let s = list?.pop(); s !== undefined; s = list?.pop()) {
      forgetIdle.get(s)?.();
      if (!s.destroyed) return s;
    }
    return undefined;
  };
  const keep = (key: string, socket: net.Socket): void => {
    const list = idle.get(key) ?? [];
    idle.set(key, list);
    if (list.length >= maxIdle) {
      socket.destroy();
      return;
    }
    // An idle connection that closes, fails or speaks unasked is dropped.
    const drop = () => {
      forget();
      const i = list.indexOf(socket);
      if (i >= 0) list.splice(i, 1);
      socket.destroy();
    };
    const forget = () => {
      socket.off('close', drop);
      socket.off('error', drop);
      socket.off('data', drop);
      forgetIdle.delete(socket);
    };
    socket.on('close', drop);
    socket.on('error', drop);
    socket.on('data', drop);
    forgetIdle.set(socket, forget);
    socket.resume();
    socket.unref();
    list.push(socket);
  };

  return async (method, url, headers, parts, signal, idleTimeoutMs) => {
    signal?.throwIfAborted();
    const u = new URL(url);
    if (u.protocol !== 'http:') throw new Error(`socketTransport speaks plain http, not ${u.protocol}`);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(u.port || 80);
    const key = `${host}:${port}`;
    const head = requestHead(method, u, headers, parts);
    const reused = take(key);
    if (reused) {
      try {
        return await exchange(reused, true, method, head, parts, (s) => keep(key, s), signal, idleTimeoutMs);
      } catch (err) {
        if (!(err instanceof StaleConnectionError)) throw err;
      }
    }
    const socket = net.connect({ host, port, noDelay: true });
    return exchange(socket, false, method, head, parts, (s) => keep(key, s), signal, idleTimeoutMs);
  };
}

function requestHead(method: string, u: URL, headers: Record<string, string>, parts: readonly Uint8Array[] | undefined): Buffer {
  let head = `${method} ${u.pathname}${u.search} HTTP/1.1\r\nhost: ${u.host}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    // What node:http refuses too: a header must not be able to start another one.
    if (/[\r\n\0]/.test(name + value) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new TypeError(`invalid header ${JSON.stringify(name)}`);
    head += `${name}: ${value}\r\n`;
  }
  if (parts !== undefined) head += `content-length: ${parts.reduce((n, p) => n + p.length, 0)}\r\n`;
  return Buffer.from(`${head}connection: keep-alive\r\n\r\n`, 'latin1');
}

/** Sends one request on `socket` and resolves with the response once its head has arrived. */
function exchange(
  socket: net.Socket,
  reused: boolean,
  method: string,
  head: Buffer,
  parts: readonly Uint8Array[] | undefined,
  keep: (socket: net.Socket) => void,
  signal: AbortSignal | undefined,
  idleTimeoutMs: number | undefined,
): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    let pending: Buffer | null = null;
    let answered = false;
    let response: ResponseHead | undefined;
    let body: SocketBody | undefined;
    let left = 0;
    let chunked: ChunkedDecoder | undefined;
    let settled = false;

    const detach = () => {
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', onClose);
      socket.off('timeout', onTimeout);
      if (idleTimeoutMs !== undefined) socket.setTimeout(0);
      signal?.removeEventListener('abort', onAbort);
    };
    const complete = (reusable: boolean) => {
      settled = true;
      detach();
      body!.end();
      if (reusable) keep(socket);
      else socket.destroy();
    };
    function fail(err: Error) {
      if (settled) return;
      settled = true;
      detach();
      socket.destroy();
      if (body) body.fail(err);
      // A silent server is not a stale connection: that is for the caller to retry, not a second wait here.
      else reject(reused && !answered && !(err instanceof IdleTimeoutError) ? new StaleConnectionError(err.message) : err);
    }
    function onTimeout() {
      fail(new IdleTimeoutError(idleTimeoutMs!));
    }
    // Until the body has ended: an abort while it streams cuts it off too.
    function onAbort() {
      fail(new Error('request aborted'));
    }
    function onClose() {
      if (response?.framing.kind === 'close') complete(false);
      else fail(new Error('connection closed before the response ended'));
    }
    function onData(piece: Buffer) {
      answered = true;
      try {
        while (!response) {
          pending = pending === null ? piece : Buffer.concat([pending, piece]);
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) {
            if (pending.length > MAX_HEAD_BYTES) throw new Error(`response head larger than ${MAX_HEAD_BYTES} bytes`);
            return;
          }
          const parsed = parseResponseHead(pending.toString('latin1', 0, end), method);
          piece = pending.subarray(end + 4);
          pending = null;
          // An interim answer (100 Continue, 103 Early Hints): the real head follows.
          if (parsed.status >= 100 && parsed.status < 200) {
            if (piece.length === 0) return;
            continue;
          }
          response = parsed;
          body = new SocketBody(socket);
          if (parsed.framing.kind === 'length') left = parsed.framing.length;
          if (parsed.framing.kind === 'chunked') chunked = new ChunkedDecoder();
          resolve({
            status: parsed.status,
            body: body,
            bytes: async () => {
              const pieces: Uint8Array[] = [];
              for await (const p of body!) pieces.push(p);
              return Buffer.concat(pieces);
            },
            discard: () => {
              if (settled) return;
              fail(new Error('response discarded'));
            },
          });
        }
        const framing = response.framing;
        if (framing.kind === 'close') {
          body!.push(piece);
        } else if (framing.kind === 'length') {
          // A body of length 0 (HEAD, 204) ends with its head, right here.
          const n = Math.min(left, piece.length);
          body!.push(n === piece.length ? piece : piece.subarray(0, n));
          left -= n;
          // Bytes beyond the body were not asked for: the connection is not reused.
          if (left === 0) complete(response.keepAlive && n === piece.length);
        } else {
          const { data, used } = chunked!.push(piece);
          for (const d of data) body!.push(d);
          if (chunked!.done) complete(response.keepAlive && used === piece.length);
        }
      } catch (err) {
        fail(err as Error);
      }
    }

    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('close', onClose);
    if (idleTimeoutMs !== undefined) {
      socket.on('timeout', onTimeout);
      socket.setTimeout(idleTimeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    socket.ref();
    socket.resume();
    socket.cork();
    socket.write(head);
    for (const p of parts ?? []) if (p.length > 0) socket.write(p);
    socket.uncork();
  });
}
