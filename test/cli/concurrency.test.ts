// Several `arca` processes at once against one server: version numbers are
// assigned atomically, and an alias compare-and-swap has exactly one winner.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, useArca, writeTree } from './harness.js';

const setup = useArca();

describe('concurrent arca processes', () => {
  it('5 logs of different content into one collection at once give exactly v0..v4', async () => {
    const { root, arca } = await setup();
    const dirs = [0, 1, 2, 3, 4].map((i) => writeTree(join(root, `run${i}`), { 'model.bin': `weights of run ${i}`, [`only-in-${i}.txt`]: String(i) }));
    const results = await Promise.all(dirs.map((d) => arca('log', 'e/p/c', d, '--type', 'model')));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const logged = results.map((r) => r.json().version as { version: string; digest: string });
    expect(logged.map((v) => v.version).sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect(new Set(logged.map((v) => v.digest)).size).toBe(5);
    const versions = (await arca('ls', 'e/p/c')).json().versions as { version: string; digest: string; aliases: string[] }[];
    expect(versions.map((v) => v.version)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    // Each process's answer is what the server holds under that number.
    for (const v of logged) expect(versions.find((s) => s.version === v.version)!.digest).toBe(v.digest);
    expect(versions.find((v) => v.version === 'v4')!.aliases).toEqual(['latest']);
  });

  // Seven processes at once take about 30 s on a loaded 2-core machine: the default timeout alone failed it there.
  it('6 alias sets with the same --expect at once: one wins, five get AliasConflict, one move is logged', async () => {
    const { root, arca } = await setup();
    const dirs = [0, 1, 2, 3, 4, 5, 6].map((i) => writeTree(join(root, `d${i}`), { f: String(i) }));
    for (const r of await Promise.all(dirs.map((d) => arca('log', 'e/p/c', d, '--type', 't')))) expect(r.code).toBe(0);
    const v = (await arca('ls', 'e/p/c')).json().versions as { version: string; digest: string }[];
    expect(v.map((x) => x.version)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    expect((await arca('alias', 'set', 'e/p/c:v0', 'production')).code).toBe(0);
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => arca('alias', 'set', `e/p/c:v${n}`, 'production', '--expect', v[0]!.digest, '--reason', `try v${n}`)),
    );
    const winners = results.filter((r) => r.code === 0);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(1);
      expect(errorOf(r).code).toBe('AliasConflict');
    }
    const won = winners[0]!.json().version as { version: string; digest: string };
    expect((await arca('show', 'e/p/c:production')).json().version.digest).toBe(won.digest);
    const moves = ((await arca('alias', 'log', 'e/p/c')).json().entries as { ref: string; old: { version: string } | null; new: { version: string }; reason: string }[])
      .filter((e) => e.ref === 'aliases/production');
    expect(moves.map((m) => [m.old?.version ?? null, m.new.version, m.reason])).toEqual([
      [null, 'v0', ''],
      ['v0', won.version, `try ${won.version}`],
    ]);
  }, 120_000);
});
