// Where Arca's time goes: each transfer workload again with `node --cpu-prof` on the
// client and the server, summarized as self and inclusive time of the top functions.
import autocannon from 'autocannon';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBigFile, ensureSmallFiles } from './datasets.mjs';
import { arcaSession } from './tools/arca.mjs';
import { runDir } from './workloads/common.mjs';
import { drain } from './workloads/registryReads.mjs';

const HIDDEN = new Set(['(root)', '(program)', '(idle)']);
// Async plumbing that sits on every stack and says nothing about where the time goes.
const PLUMBING = /^node:internal\/(process\/task_queues|timers|async_hooks)/;

function frameKey(cf) {
  const url = cf.url.replace(/^file:\/\/.*?\/packages\//, '').replace(/^file:\/\/.*\/node_modules\//, '');
  const name = cf.functionName || '(anonymous)';
  return url ? `${name} ${url}:${cf.lineNumber + 1}` : name;
}

/** Self and inclusive milliseconds per function over one or more .cpuprofile files. */
export function summarizeProfiles(paths, top = 10) {
  const self = new Map();
  const incl = new Map();
  let wallMs = 0;
  let sampledMs = 0;
  const add = (m, k, ms) => m.set(k, (m.get(k) ?? 0) + ms);
  for (const path of paths) {
    const prof = JSON.parse(readFileSync(path, 'utf8'));
    wallMs += (prof.endTime - prof.startTime) / 1000;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackKeys = new Map();
    const keysOf = (id) => {
      let keys = stackKeys.get(id);
      if (!keys) {
        keys = new Set();
        for (let p = id; p !== undefined; p = parent.get(p)) {
          const cf = byId.get(p).callFrame;
          const k = frameKey(cf);
          if (!HIDDEN.has(k) && !PLUMBING.test(cf.url)) keys.add(k);
        }
        stackKeys.set(id, keys);
      }
      return keys;
    };
    prof.samples.forEach((id, i) => {
      const ms = (prof.timeDeltas[i] ?? 0) / 1000;
      sampledMs += ms;
      add(self, frameKey(byId.get(id).callFrame), ms);
      for (const k of keysOf(id)) add(incl, k, ms);
    });
  }
  const idleMs = self.get('(idle)') ?? 0;
  const list = (m) =>
    [...m].filter(([k]) => !HIDDEN.has(k)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
  return {
    profiles: paths.length,
    wallMs: Math.round(wallMs),
    busyMs: Math.round(sampledMs - idleMs),
    gcMs: Math.round(self.get('(garbage collector)') ?? 0),
    programMs: Math.round(self.get('(program)') ?? 0),
    self: list(self),
    inclusive: list(incl),
  };
}

const profilesIn = (dir) => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  } catch {
    return [];
  }
};

/**
 * Runs `prepare(session)` against an unprofiled Arca, then `steps(session)` against a
 * profiled one serving the same data; resolves with both sides' summaries and what
 * `steps` returned.
 */
async function profiled(work, name, steps, prepare) {
  const dir = runDir(work, `profile-${name}`);
  const profileDir = join(dir, 'prof');
  if (prepare) {
    const s0 = await arcaSession(dir);
    try {
      await prepare(s0, dir);
    } finally {
      await s0.stop();
    }
  }
  const s = await arcaSession(dir, { profileDir, keepData: Boolean(prepare) });
  let value;
  try {
    value = await steps(s, dir);
  } finally {
    await s.stop();
  }
  const out = { value, client: summarizeProfiles(profilesIn(join(profileDir, 'client'))), server: summarizeProfiles(profilesIn(join(profileDir, 'server'))) };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

export async function profileArca({ cfg, ckpt, work, log }) {
  const out = {};
  const w = cfg.workloads;
  if (w.includes(1)) {
    const big = ensureBigFile(cfg.bigBytes);
    out.bigFileLog = await profiled(work, 'big-log', async (s) => (await s.logFile(big, 'big')).seconds);
    out.bigFilePull = await profiled(
      work,
      'big-pull',
      async (s, dir) => (await s.pull('bench/big/data:latest', join(dir, 'pulled'))).seconds,
      (s) => s.logFile(big, 'big'),
    );
    log(`  profiled 1: log ${out.bigFileLog.value.toFixed(2)} s, pull ${out.bigFilePull.value.toFixed(2)} s`);
  }
  if (w.includes(2)) {
    const small = ensureSmallFiles(cfg.files);
    out.smallFilesLog = await profiled(work, 'small-log', async (s) => (await s.logDir(small, 'small')).seconds);
    out.smallFilesPull = await profiled(
      work,
      'small-pull',
      async (s, dir) => (await s.pull('bench/small/data:latest', join(dir, 'pulled'))).seconds,
      (s) => s.logDir(small, 'small'),
    );
    log(`  profiled 2: log ${out.smallFilesLog.value.toFixed(2)} s, pull ${out.smallFilesPull.value.toFixed(2)} s`);
  }
  if (w.includes(4) && ckpt) {
    out.checkpointsLog = await profiled(work, 'ckpt', async (s, dir) => (await s.logCheckpoints(ckpt.files, join(dir, 'model.onnx'))).seconds);
    log(`  profiled 4: five saves ${out.checkpointsLog.value.toFixed(2)} s`);
  }
  if (w.includes(5)) {
    out.registryReads = await profiled(work, 'reads', async (s, dir) => {
      const model = join(dir, 'model.onnx');
      writeFileSync(model, 'a tiny model\n');
      await s.cli(['log', 'bench/reg/model', model, '--type', 'model']);
      await s.cli(['link', 'bench/reg/model:latest', 'bench/model-registry/Model', '--alias', 'production']);
      const url = `${s.url}/api/v1/resolve?ref=${encodeURIComponent('bench/model-registry/Model:production')}`;
      const r = await autocannon({ url, connections: cfg.connections, duration: cfg.loadSeconds });
      await drain();
      return r.requests.average;
    });
    log(`  profiled 5: ${Math.round(out.registryReads.value)} req/s under the profiler`);
  }
  return out;
}
