import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@arca/server';
import type { ArcaEvent } from '@arca/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';

let work: string;
let dataDir: string;
const servers: RunningServer[] = [];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'arca-client-events-'));
  dataDir = join(work, 'server');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

// The site admin's key of the test server (as ARCA_ADMIN_KEY would set it).
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { printServerError } from '../testing/printServerError.js';
import { seedTestTeams } from '../testing/seedTestTeams.js';

async function serve(port = 0): Promise<RunningServer> {
  const s = await startServer({ dataDir, host: '127.0.0.1', port, adminKey: TEST_ADMIN_KEY, logError: printServerError });
  servers.push(s);
  await seedTestTeams(s.url);
  return s;
}

let n = 0;
function clientOf(s: RunningServer): ArcaClient {
  return new ArcaClient({ url: s.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(work, `cache${n++}`) });
}

async function logText(c: ArcaClient, text: string, aliases: string[] = []): Promise<void> {
  const file = join(work, `f${n++}.txt`);
  writeFileSync(file, text);
  await c.logArtifact({ name: 'acme/p/model', type: 'model', paths: [file], aliases });
}

/** Takes `count` events from the iterator, failing after `ms`. */
async function take(it: AsyncIterator<ArcaEvent>, count: number, ms = 10_000): Promise<ArcaEvent[]> {
  const out: ArcaEvent[] = [];
  const deadline = Date.now() + ms;
  while (out.length < count) {
    const next = await Promise.race([it.next(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadline - Date.now()))]);
    if (next === 'timeout') throw new Error(`only ${out.length} of ${count} events within ${ms} ms`);
    if (next.done) throw new Error(`iterator ended after ${out.length} events`);
    out.push(next.value);
  }
  return out;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('client.events', () => {
  it('replays and follows with filters, and ends cleanly when the signal aborts', async () => {
    const s = await serve();
    const c = clientOf(s);
    await logText(c, 'one', ['best']);
    const controller = new AbortController();
    const it = c.events({ since: 0, types: ['version.logged', 'alias.moved'], signal: controller.signal });
    expect((await take(it, 1)).map((e) => [e.id, e.type, e.name])).toEqual([[1, 'version.logged', 'v0']]);
    await logText(c, 'two', ['best']);
    expect((await take(it, 3)).map((e) => [e.type, e.name])).toEqual([
      ['version.logged', 'v1'],
      ['alias.moved', 'latest'],
      ['alias.moved', 'best'],
    ]);
    const pending = it.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    await until(() => s.eventListeners() === 0);
  });

  it('reconnects with Last-Event-ID across server restarts: no gap, no repeat, even before its first event', async () => {
    const s1 = await serve();
    const port = s1.port;
    await logText(clientOf(s1), 'before');
    const reconnects: (number | undefined)[] = [];
    const controller = new AbortController();
    const it = clientOf(s1).events({ signal: controller.signal, reconnectDelayMs: 50, onReconnect: (r) => reconnects.push(r.lastEventId) });
    const first = it.next();
    await until(() => s1.eventListeners() === 1);
    // Cut off before any event: the events of this gap come from another server on the same data.
    await s1.close();
    const other = await serve();
    await logText(clientOf(other), 'during', ['best']);
    await other.close();
    const s3 = await serve(port);
    const gap = [(await first).value as ArcaEvent, ...(await take(it, 2))];
    expect(gap.map((e) => [e.id, e.type, e.name])).toEqual([
      [3, 'version.logged', 'v1'],
      [4, 'alias.moved', 'latest'],
      [5, 'alias.added', 'best'],
    ]);
    expect(reconnects[0]).toBe(2);
    await logText(clientOf(s3), 'after');
    expect((await take(it, 2)).map((e) => e.id)).toEqual([6, 7]);
    controller.abort();
    await until(() => s3.eventListeners() === 0);
  });

  it('checks its arguments before any request', () => {
    const c = new ArcaClient({ url: 'http://127.0.0.1:1', cacheDir: join(tmpdir(), 'unused') });
    expect(() => c.events({ types: ['alias.renamed' as never] })).toThrowError(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => c.events({ since: -1 })).toThrowError(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => c.events({ collection: 'a/b' })).toThrowError(expect.objectContaining({ code: 'InvalidName' }));
  });
});
