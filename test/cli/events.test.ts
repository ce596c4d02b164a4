// `arca events` as users run it: the built binary following a real server's stream.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../../packages/test-utils/dist/index.js';
import { errorOf, useArca, waitFor, writeTree } from './harness.js';

const setup = useArca();

describe('arca events', () => {
  it('replays from --since, filters, and stops after --count', async () => {
    const { root, arca } = await setup('alice');
    writeTree(root, { 'm/a.txt': 'one' });
    expect((await arca('log', 'acme/p/model', 'm', '--type', 'model', '--alias', 'best')).code).toBe(0);
    expect((await arca('alias', 'set', 'acme/p/model:v0', 'production', '--reason', 'ok')).code).toBe(0);
    const r = await arca('events', '--since', '0', '--type', 'alias.added', '--entity', 'acme', '--count', '3');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; type: string; name: string; actor: string; reason: string });
    expect(lines.map((e) => [e.id, e.type, e.name])).toEqual([
      [2, 'alias.added', 'latest'],
      [3, 'alias.added', 'best'],
      [4, 'alias.added', 'production'],
    ]);
    expect(lines[2]).toMatchObject({ actor: 'alice', reason: 'ok' });
  }, 90_000);

  it('follows live events in text until interrupted, then exits 0', async () => {
    const { root, arca, env } = await setup('alice');
    writeTree(root, { 'm/a.txt': 'one' });
    expect((await arca('log', 'acme/p/model', 'm', '--type', 'model')).code).toBe(0);
    // --since 1 replays `latest` (event 2) first: once its line shows, the stream is open.
    const follower = spawnCli(['events', '--since', '1', '--collection', 'acme/p/model', '--type', 'alias.added,alias.moved'], { env: { ...env }, cwd: root });
    let out = '';
    follower.child.stdout!.on('data', (d: string) => (out += d));
    await waitFor(() => out.includes('latest'), 10_000, 'the replayed event');
    expect((await arca('alias', 'set', 'acme/p/model:v0', 'production', '--reason', 'reviewed')).code).toBe(0);
    await waitFor(() => out.includes('production'), 10_000, 'the event line');
    follower.child.kill('SIGINT');
    const done = await follower.result;
    expect(done.code).toBe(0);
    const lines = done.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^2  .*  alias.added         acme\/p\/model:latest  - -> v0  by alice$/);
    expect(lines[1]).toMatch(/^3  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  alias.added         acme\/p\/model:production  - -> v0  by alice  \(reviewed\)$/);
  }, 90_000);

  it('refuses an unknown event type with exit 2', async () => {
    const { arca } = await setup();
    const r = await arca('events', '--type', 'alias.renamed');
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('Usage');
  }, 90_000);
});
