import http from 'node:http';
import https from 'node:https';
import { IdleTimeoutError, type Transport } from './Transport.js';

/**
 * The default transport: node:http with a keep-alive agent. Measured against
 * the global fetch on a 512 MiB upload, fetch spent about 1.1 s of CPU copying
 * request bodies into web streams (plus the GC that follows); node:http writes
 * the frame headers and chunk buffers straight to the socket, no copies.
 */
export function nodeHttpTransport(maxSockets: number): Transport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return (method, url, headers, parts, signal, idleTimeoutMs) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const mod = u.protocol === 'https:' ? https : http;
      const agent = agents[u.protocol as 'http:' | 'https:'];
      const h: Record<string, string | number> = { ...headers };
      if (parts !== undefined) {
        let length = 0;
        for (const p of parts) length += p.length;
        h['content-length'] = length;
      }
      const req = mod.request(u, { method, headers: h, agent, ...(signal ? { signal } : {}) }, (res) => {
        resolve({
          status: res.statusCode ?? 0,
          body: res,
          bytes: () =>
            new Promise<Buffer>((ok, fail) => {
              const pieces: Buffer[] = [];
              res.on('data', (p: Buffer) => pieces.push(p));
              res.on('end', () => ok(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)));
              res.on('error', fail);
              res.on('aborted', () => fail(new Error('response aborted')));
            }),
          discard: () => res.destroy(),
        });
      });
      req.on('error', reject);
      // The socket's inactivity, request and response alike: destroying the request fails the body being read too.
      if (idleTimeoutMs !== undefined) req.setTimeout(idleTimeoutMs, () => req.destroy(new IdleTimeoutError(idleTimeoutMs)));
      if (parts !== undefined) {
        req.cork();
        for (const p of parts) req.write(p);
        req.uncork();
      }
      req.end();
    });
}
