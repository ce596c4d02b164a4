// Keeps `pnpm bench:peers` from rotting: its smoke mode against Arca and the physical
// limit (MLflow and DVC need a Python venv that takes minutes to install, so CI leaves
// them to the real bench). Needs `pnpm build` (the bench runs the real CLI binary).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the bench, without types
import { summarizeProfiles } from '../../bench/peers/profile.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'arca-bench-smoke-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bench/peers smoke', () => {
  it('runs workloads 1, 2, 3, 5 and 6 for Arca and the limit, and writes JSON and the report', { timeout: 180_000 }, () => {
    const cache = tempDir();
    const out = join(cache, 'peers.json');
    const report = join(cache, 'benchmarks.md');
    const run = spawnSync(
      process.execPath,
      ['bench/peers/run.mjs', '--smoke', '--tools', 'arca', '--workloads', '1,2,3,5,6', '--big-mib', '4', '--files', '50', '--load-seconds', '1', '--moves', '3', '--out', out, '--report', report],
      { cwd: ROOT, env: { ...process.env, ARCA_BENCH_CACHE: cache }, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const tools = (rows: { tool: string }[]) => rows.map((x) => x.tool);
    expect(tools(r.workloads.bigFile.log)).toEqual(['cp', 'cp + sync', 'arca']);
    expect(tools(r.workloads.bigFile.pull)).toEqual(['cp', 'cp + sync', 'arca']);
    expect(tools(r.workloads.bigFile.relog)).toEqual(['cat > /dev/null', 'arca']);
    expect(tools(r.workloads.smallFiles.log)).toEqual(['cp', 'cp + sync', 'arca']);
    expect(r.workloads.smallFiles.relog).toBeUndefined();
    const arcaLog = r.workloads.bigFile.log.find((x: { tool: string }) => x.tool === 'arca');
    expect(arcaLog.seconds.median).toBeGreaterThan(0);
    expect(arcaLog.clientRss).toBeGreaterThan(10 * 2 ** 20);
    expect(arcaLog.serverRss).toBeGreaterThan(10 * 2 ** 20);
    // 4 MiB of random bytes cannot be stored in less.
    expect(arcaLog.storedBytes).toBeGreaterThan(4 * 2 ** 20);
    expect(r.workloads.smallFiles.files).toBe(50);
    const reads = r.workloads.registryReads.rows;
    expect(tools(reads)).toEqual(['bare node:http', 'arca']);
    expect(reads[1].rps.median).toBeGreaterThan(0);
    const visible = r.workloads.aliasVisible.rows;
    expect(visible.every((x: { visibleMs: { median: number } }) => x.visibleMs.median > 0)).toBe(true);
    expect(visible.some((x: { listener: string }) => x.listener.startsWith('tight poll'))).toBe(true);
    const md = readFileSync(report, 'utf8');
    for (const heading of ['## 1. One 4.0 MiB file', '## 2. 50 files', '## 3. The same 4.0 MiB', '## 5. Registry reads', '## 6. Alias move']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| Arca | ');
  });

  it('summarizes a real CPU profile: the busy function has the time, inclusive of what it calls', () => {
    const dir = tempDir();
    const code = 'function spinHere(){let x=0;const end=Date.now()+300;while(Date.now()<end)x+=Math.sqrt(x+1);return x}spinHere()';
    const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '-e', code], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const files = readdirSync(dir).map((f) => join(dir, f));
    const s = summarizeProfiles(files);
    expect(s.profiles).toBe(1);
    expect(s.wallMs).toBeGreaterThanOrEqual(300);
    const spin = s.inclusive.find((x: { fn: string }) => x.fn.startsWith('spinHere '));
    expect(spin.ms).toBeGreaterThan(200);
    expect(s.busyMs).toBeGreaterThanOrEqual(spin.ms);
  });
});
