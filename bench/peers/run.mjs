// Arca against MLflow, DVC and the physical limit on the same workloads, in one run
// (issue 5). Usage, after `pnpm build` (or `pnpm bench:peers`, which builds first):
//   node bench/peers/run.mjs [--smoke] [--runs 3] [--tools arca,mlflow,dvc] [--workloads 1,2,3,4,5,6]
//        [--big-mib 1024] [--files 10000] [--ckpt-scale 1] [--load-seconds 10] [--moves 50] [--no-profile]
// Writes bench/results/peers.json and docs/benchmarks.md (with --smoke: both under the
// bench cache, so a smoke run never replaces the committed figures).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE, MiB, ROOT } from '../lib.mjs';
import { ensureBigFile, ensureCheckpoints, ensureSmallFiles } from './datasets.mjs';
import { profileArca } from './profile.mjs';
import { renderReport } from './report.mjs';
import { ensureVenv, peerVersions } from './venv.mjs';
import { aliasVisible } from './workloads/aliasVisible.mjs';
import { checkpoints } from './workloads/checkpoints.mjs';
import { registryReads } from './workloads/registryReads.mjs';
import { transfer } from './workloads/transfer.mjs';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string' },
    tools: { type: 'string', default: 'arca,mlflow,dvc' },
    workloads: { type: 'string', default: '1,2,3,4,5,6' },
    'big-mib': { type: 'string' },
    files: { type: 'string' },
    'ckpt-scale': { type: 'string' },
    'load-seconds': { type: 'string' },
    connections: { type: 'string', default: '32' },
    moves: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    out: { type: 'string' },
    report: { type: 'string' },
  },
});
const smoke = values.smoke;
const pick = (name, full, small) => Number(values[name] ?? (smoke ? small : full));
const cfg = {
  smoke,
  runs: pick('runs', 3, 1),
  tools: values.tools.split(',').filter(Boolean),
  workloads: values.workloads.split(',').map(Number),
  bigBytes: pick('big-mib', 1024, 16) * MiB,
  files: pick('files', 10_000, 200),
  ckptScale: pick('ckpt-scale', 1, 0.01),
  loadSeconds: pick('load-seconds', 10, 2),
  connections: Number(values.connections),
  moves: pick('moves', 50, 5),
  profile: !values['no-profile'],
};
for (const t of cfg.tools) if (!['arca', 'mlflow', 'dvc'].includes(t)) throw new Error(`unknown tool ${t}`);
const outJson = values.out ?? (smoke ? join(CACHE, 'peers-smoke.json') : join(ROOT, 'bench/results/peers.json'));
const outMd = values.report ?? (smoke ? join(CACHE, 'peers-smoke.md') : join(ROOT, 'docs/benchmarks.md'));
const log = (line) => console.log(line);
const usesPython = cfg.tools.some((t) => t !== 'arca') || cfg.workloads.includes(4);
const work = join(CACHE, 'peers-work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const started = new Date();
const result = {
  command: `node bench/peers/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  config: cfg,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadavg() },
  arcaCommit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
  started: started.toISOString(),
  workloads: {},
};

if (usesPython) {
  await ensureVenv(log);
  result.peers = await peerVersions();
}
const w = cfg.workloads;
// Written after every workload too, so that a run that fails late keeps what it measured.
const save = () => {
  mkdirSync(join(outJson, '..'), { recursive: true });
  writeFileSync(outJson, JSON.stringify({ ...result, partial: true }, null, 2) + '\n');
};
if (w.includes(1) || w.includes(3)) {
  log(`workloads 1 and 3: one ${cfg.bigBytes / MiB} MiB file`);
  const src = ensureBigFile(cfg.bigBytes);
  result.workloads.bigFile = await transfer({ src, name: 'big', files: 1, tools: cfg.tools, runs: cfg.runs, work, log });
  save();
}
if (w.includes(2)) {
  log(`workload 2: ${cfg.files} files of 20-40 KiB`);
  const src = ensureSmallFiles(cfg.files);
  result.workloads.smallFiles = await transfer({ src, name: 'small', files: cfg.files, tools: cfg.tools, runs: cfg.runs, work, log, relog: false });
  save();
}
let ckpt;
if (w.includes(4)) {
  ckpt = await ensureCheckpoints(cfg.ckptScale);
  log(`workload 4: five ONNX checkpoints of ${(ckpt.fileBytes / MiB).toFixed(1)} MiB`);
  result.workloads.checkpoints = await checkpoints({ ckpt, tools: cfg.tools, runs: cfg.runs, work, log });
  save();
}
if (w.includes(5)) {
  log(`workload 5: registry reads, ${cfg.connections} connections for ${cfg.loadSeconds} s`);
  result.workloads.registryReads = await registryReads({ tools: cfg.tools, runs: cfg.runs, work, connections: cfg.connections, seconds: cfg.loadSeconds, log });
  save();
}
if (w.includes(6)) {
  log(`workload 6: alias move to visible, ${cfg.moves} moves`);
  result.workloads.aliasVisible = await aliasVisible({ tools: cfg.tools, work, moves: cfg.moves, log });
}
if (cfg.profile && cfg.tools.includes('arca')) {
  log('profiles of Arca (node --cpu-prof, client and server)');
  result.profiles = await profileArca({ cfg, ckpt, work, log });
}
result.machine.loadAverageAtEnd = loadavg();
result.finished = new Date().toISOString();
rmSync(work, { recursive: true, force: true });

mkdirSync(join(outJson, '..'), { recursive: true });
writeFileSync(outJson, JSON.stringify(result, null, 2) + '\n');
writeFileSync(outMd, renderReport(result, relative(ROOT, outJson)));
log(`raw figures: ${outJson}\nreport: ${outMd}`);
