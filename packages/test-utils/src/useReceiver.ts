import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered. */
  status: number;
  at: number;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ReceivedRequest[];
  /** Decides each answer's status (default 200); `n` counts requests from 1. */
  respond: (req: { n: number; body: string }) => number;
  /** Resolves once `count` requests arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
}

/**
 * Registers cleanup and returns a starter of real HTTP receivers on loopback
 * that record every request (for webhook tests: a stand-in for Slack or any
 * endpoint that cannot run here). All are closed after each test.
 */
export function useReceiver(): () => Promise<Receiver> {
  const running: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      running.splice(0).map(
        (s) =>
          new Promise<void>((done) => {
            s.close(() => done());
            s.closeAllConnections();
          }),
      ),
    );
  });
  return async () => {
    const waiters: (() => void)[] = [];
    const r = { requests: [] as ReceivedRequest[], respond: () => 200 } as unknown as Receiver;
    const server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (p: Buffer) => parts.push(p));
      req.on('end', () => {
        const body = Buffer.concat(parts).toString('utf8');
        const status = r.respond({ n: r.requests.length + 1, body });
        r.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status, at: Date.now() });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
        for (const w of waiters.splice(0)) w();
      });
    });
    running.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    r.waitFor = async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (r.requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`receiver got ${r.requests.length} of ${count} requests within ${timeoutMs} ms`);
        await new Promise<void>((done) => {
          const t = setTimeout(done, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            done();
          });
        });
      }
      return r.requests;
    };
    return r;
  };
}
