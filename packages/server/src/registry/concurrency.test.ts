import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/useTestServer.js';

const SRC = 'acme/vision/model';
const REG_PATH = '/collections/acme/model-registry/Nature%20Classifier';
const LINKS = '/registry/acme/Nature%20Classifier/links';
const MODEL = '/registry/acme/models/Nature%20Classifier';

interface Entry {
  ref: string;
  kind: string;
  new: { version: string } | null;
}

/** Rebuilds the live versions and aliases from the history alone: if any update were lost, this would disagree with the state. */
function replay(entries: Entry[]): { versions: string[]; aliases: Record<string, string> } {
  const versions = new Set<string>();
  const aliases: Record<string, string> = {};
  for (const e of entries) {
    if (e.kind === 'linked') versions.add(e.ref.slice('versions/'.length));
    if (e.kind === 'unlinked') versions.delete(e.ref.slice('versions/'.length));
    if (e.ref.startsWith('aliases/')) {
      const a = e.ref.slice('aliases/'.length);
      if (e.new) aliases[a] = e.new.version;
      else delete aliases[a];
    }
  }
  return { versions: [...versions].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))), aliases };
}

describe('registry under concurrent clients', () => {
  const t = useTestServer();

  const sources = (n: number) => t.commitModels(SRC, n);

  it('concurrent links get distinct, gap-free numbers', async () => {
    await sources(12);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.call('POST', LINKS, { json: { source: `${SRC}:v${i}` } }).then((r) => r.json() as Promise<{ version: { number: number } }>)),
    );
    expect(results.map((r) => r.version.number).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  });

  it('compare-and-swap alias moves: exactly one of the racing clients wins each round', async () => {
    await sources(6);
    for (let i = 0; i < 6; i++) await t.call('POST', LINKS, { json: { source: `${SRC}:v${i}` } });
    await t.call('PUT', `${REG_PATH}/aliases/staging`, { json: { version: 'v0' } });
    for (let round = 0; round < 3; round++) {
      const res = await t.call('GET', `/resolve?ref=${encodeURIComponent('acme/model-registry/Nature Classifier:staging')}`);
      const current = ((await res.json()) as { version: { digest: string; number: number } }).version;
      // Each client moves it somewhere else (a move to where it already is would also pass its check).
      const targets = [0, 1, 2, 3, 4, 5].filter((v) => v !== current.number).slice(0, 5);
      const statuses = await Promise.all(
        targets.map((v) => t.call('PUT', `${REG_PATH}/aliases/staging`, { json: { version: `v${v}`, expect: current.digest } }).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    }
  });

  it('a storm of links, unlinks, alias moves and removals loses no update: the history replays to the exact state', async () => {
    await sources(10);
    for (let i = 0; i < 4; i++) await t.call('POST', LINKS, { json: { source: `${SRC}:v${i}` } });
    const ops: (() => Promise<Response>)[] = [];
    for (let i = 4; i < 10; i++) ops.push(() => t.call('POST', LINKS, { json: { source: `${SRC}:v${i}`, aliases: [`a${i % 3}`] } }));
    for (let v = 0; v < 6; v++) {
      ops.push(() => t.call('DELETE', `${REG_PATH}/versions/v${v}`));
      ops.push(() => t.call('PUT', `${REG_PATH}/aliases/a${v % 3}`, { json: { version: `v${v}` } }));
      ops.push(() => t.call('PUT', `${REG_PATH}/aliases/production`, { json: { version: `v${v}` } }));
      ops.push(() => t.call('DELETE', `${REG_PATH}/aliases/a${(v + 1) % 3}`));
    }
    // A deterministic shuffle, so a failure can be rerun.
    let seed = 7;
    for (let i = ops.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const j = seed % (i + 1);
      [ops[i], ops[j]] = [ops[j]!, ops[i]!];
    }
    const statuses = await Promise.all(ops.map((op) => op().then(async (r) => (await r.arrayBuffer(), r.status))));
    // Every answer is a success or an expected refusal (gone meanwhile, still protected), never a 500.
    for (const s of statuses) expect([200, 201, 404, 409]).toContain(s);
    expect(statuses.filter((s) => s === 200 || s === 201).length).toBeGreaterThan(10);

    const model = (await (await t.call('GET', MODEL)).json()) as { model: { aliases: Record<string, string> }; versions: { version: string }[] };
    const history = ((await (await t.call('GET', `${MODEL}/history`)).json()) as { entries: Entry[] }).entries;
    const state = replay(history);
    expect(state.aliases).toEqual(model.model.aliases);
    expect(state.versions).toEqual(model.versions.map((v) => v.version));
    const live = new Set(model.versions.map((v) => v.version));
    for (const target of Object.values(model.model.aliases)) expect(live.has(target)).toBe(true);
    // Numbers are never given twice, unlinked ones included.
    const linked = history.filter((e) => e.kind === 'linked').map((e) => e.ref);
    expect(new Set(linked).size).toBe(linked.length);
    expect(linked).toHaveLength(10);
    expect(t.logged).toEqual([]);
  });
});
