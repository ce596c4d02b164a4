import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { afterEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { useClientServer } from '../testing/useClientServer.js';

const t = useClientServer(startServer);
const MiB = 1024 * 1024;

const proxies: { close(): void }[] = [];
afterEach(() => {
  for (const p of proxies.splice(0)) p.close();
});

/**
 * A TCP proxy to the test server that forwards faithfully until `stallAfter`
 * bytes have passed in direction `dir` (all connections together), then goes
 * silent for good: it keeps every connection open and forwards nothing more,
 * as a hung proxy or server does.
 */
async function stallingProxy(target: string, dir: 'up' | 'down', stallAfter: number): Promise<string> {
  const { port } = new URL(target);
  let passed = 0;
  let stalled = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), '127.0.0.1');
    sockets.add(client).add(upstream);
    const forward = (from: net.Socket, to: net.Socket, d: 'up' | 'down') =>
      from.on('data', (piece: Buffer) => {
        if (stalled) return;
        if (d === dir && (passed += piece.length) > stallAfter) {
          stalled = true;
          return;
        }
        to.write(piece);
      });
    forward(client, upstream, 'up');
    forward(upstream, client, 'down');
    for (const s of [client, upstream]) s.on('error', () => {});
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxies.push({
    close: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function proxiedClient(url: string): ArcaClient {
  return new ArcaClient({ url, apiKey: TEST_ADMIN_KEY, cacheDir: join(t.state.work, 'cache-proxied'), localReads: false, localWrites: false, idleTimeoutMs: 300 });
}

describe('a server or proxy that stops answering', () => {
  it('fails a pull as Unreachable instead of hanging, and the next pull completes and verifies', async () => {
    const bytes = randomBytes(12 * MiB);
    const src = t.write('src', { 'model.bin': bytes, 'small.txt': 'tiny' });
    await t.client().logArtifact({ name: 'team/proj/m', type: 'model', paths: [src] });
    const proxy = await stallingProxy(t.state.url, 'down', 4 * MiB);
    const dir = join(t.state.work, 'out');
    const started = Date.now();
    await expect(proxiedClient(proxy).download('team/proj/m:v0', dir)).rejects.toMatchObject({ code: 'Unreachable' });
    expect(Date.now() - started).toBeLessThan(15_000);
    const again = await t.client().download('team/proj/m:v0', dir);
    expect(again.files.map((f) => f.path)).toEqual(['model.bin', 'small.txt']);
    expect(readFileSync(join(dir, 'model.bin')).equals(bytes)).toBe(true);
  });

  it('fails a log as Unreachable instead of hanging, and the next log completes', async () => {
    const file = join(t.state.work, 'model.bin');
    writeFileSync(file, randomBytes(24 * MiB));
    const proxy = await stallingProxy(t.state.url, 'up', 10 * MiB);
    const started = Date.now();
    await expect(proxiedClient(proxy).logArtifact({ name: 'team/proj/m', type: 'model', paths: [file] })).rejects.toMatchObject({ code: 'Unreachable' });
    expect(Date.now() - started).toBeLessThan(15_000);
    const again = await t.client().logArtifact({ name: 'team/proj/m', type: 'model', paths: [file] });
    expect(again.created).toBe(true);
    const dir = join(t.state.work, 'out');
    await t.client().download('team/proj/m:v0', dir);
    expect(readFileSync(join(dir, 'model.bin')).equals(readFileSync(file))).toBe(true);
  });
});
