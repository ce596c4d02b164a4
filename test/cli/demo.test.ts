// The README's first command: the demo runs start to end against a real
// `arca server`, and its registry ends where it says it does.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../packages/cli/dist/demo/runDemo.js';
import { useTempDir } from '../../packages/test-utils/dist/index.js';
import { runCli } from '../../packages/test-utils/dist/index.js';

const tempDir = useTempDir('arca-demo-');

describe('the demo', () => {
  it('finishes; production is the best checkpoint; dedup stores less than was logged; fsck is ok', async () => {
    const root = tempDir();
    const workDir = join(root, '.arca-demo');
    let narration = '';
    const summary = await runDemo(workDir, { stdout: { write: (s: string) => ((narration += s), true) } });
    expect(summary.production.collection).toBe('demo/model-registry/Nature Classifier');
    expect(summary.production.aliases).toEqual(expect.arrayContaining(['production', 'staging']));
    expect(summary.best.collection).toBe('demo/nature/nature-classifier');
    expect(summary.production.digest).toBe(summary.best.digest);
    expect(summary.production.source).toMatchObject({ collection: summary.best.collection, version: summary.best.version });
    expect(summary.bytesStored).toBeGreaterThan(0);
    expect(summary.bytesStored).toBeLessThan(summary.bytesLogged);
    expect(narration).toContain('$ arca pull');

    // The client cache stayed inside the demo folder (ARCA_CACHE_DIR of the demo's env).
    expect(existsSync(join(workDir, 'client-cache'))).toBe(true);
    expect(readdirSync(join(workDir, 'client-cache')).length).toBeGreaterThan(0);

    // The server is stopped; its data dir checks out.
    const fsck = await runCli(['fsck', '--data', join(workDir, 'server-data'), '--json']);
    expect(fsck.code).toBe(0);
    // 1 dataset + 3 checkpoints + 1 registry link; best, latest x2 collections, and latest, staging, production.
    expect(fsck.json()).toMatchObject({ ok: true, versions: 5, aliases: 6 });
  }, 120_000);
});
