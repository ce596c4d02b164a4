// docs/benchmarks.md from the raw figures of one run (bench/results/peers.json).
// Usage: node bench/peers/report.mjs [peers.json] [benchmarks.md]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOTES } from './notes.mjs';

const MiB = 1024 * 1024;
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const sec = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' s' : 'n/a');
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) + ' ms' : 'n/a');
const mib = (b) => (Number.isFinite(b) && b > 0 ? `${(b / MiB).toFixed(b < 10 * MiB ? 1 : 0)} MiB` : 'n/a');
const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)}x` : 'n/a');
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const TOOL = { arca: 'Arca', mlflow: 'MLflow', dvc: 'DVC' };
const label = (r) => (TOOL[r.tool] ?? `\`${r.tool}\``) + (r.limit ? ' (limit)' : '');

/** One table of timed rows: ratios against Arca's median and against the limit row's. */
function timedTable(rows, { throughput = 'MB/s', stored = true } = {}) {
  const arca = rows.find((r) => r.tool === 'arca');
  const limit = rows.find((r) => r.limit);
  const head = ['tool', 'median', 'min-max', throughput, 'vs Arca', 'vs limit', 'client peak RSS', 'server peak RSS'];
  if (stored) head.push('stored on disk');
  return table(
    head,
    rows.map((r) => {
      const cells = [
        label(r),
        sec(r.seconds.median),
        `${sec(r.seconds.min)} - ${sec(r.seconds.max)}`,
        throughput === 'files/s' ? f(r.filesPerSecond, 0) : f(r.mbPerSecond, 0),
        arca ? ratio(r.seconds.median / arca.seconds.median) : 'n/a',
        limit ? ratio(r.seconds.median / limit.seconds.median) : 'n/a',
        mib(r.clientRss),
        r.tool === 'dvc' ? 'no server' : mib(r.serverRss),
      ];
      if (stored) cells.push(r.limit || !Number.isFinite(r.storedBytes) ? '' : mib(r.storedBytes));
      return cells;
    }),
  );
}

function profileParagraph(name, p) {
  if (!p) return '';
  const side = (who, s) => {
    if (!s || !s.profiles) return `${who}: no profile.`;
    const selfTop = s.self.filter((x) => x.fn !== '(garbage collector)').slice(0, 5).map((x) => `\`${x.fn}\` ${x.ms} ms`).join(', ');
    const inclTop = s.inclusive.slice(0, 5).map((x) => `\`${x.fn}\` ${x.ms} ms`).join(', ');
    return `${who}: ${s.busyMs} ms on the CPU of ${s.wallMs} ms profiled${s.profiles > 1 ? ` (${s.profiles} profiles: processes or worker threads)` : ''}, GC ${s.gcMs} ms. Top self time: ${selfTop}. Top inclusive: ${inclTop}.`;
  };
  return `Profile (${name}, one run under \`node --cpu-prof\`${p.command ? `, from \`${p.command}\`` : ''}): ${side('client', p.client)} ${side('server', p.server)}`;
}

/** The Markdown report of one run's JSON; `source` is that JSON's path from the repository root. */
export function renderReport(r, source = 'bench/results/peers.json') {
  const c = r.config;
  const W = r.workloads;
  const out = [];
  const when = r.started.replace('T', ' ').slice(0, 16);
  out.push(`# Benchmarks: Arca against MLflow, DVC and the physical limit`);
  out.push('');
  out.push(
    `Generated from \`${source}\` (${c.smoke ? 'a **smoke** run: tiny sizes, not figures' : c.runs === 1 ? 'one run of each: no median' : `median of ${c.runs} runs`}), measured ${when} UTC on one machine in one run. Reproduce with:`,
  );
  out.push('');
  out.push('```sh\npnpm bench:peers            # = pnpm build && node bench/peers/run.mjs\n' + `${r.command}\n` + '```');
  out.push('');
  out.push(
    `The first run creates a Python virtual environment under \`bench/.cache/peers/venv\` from \`bench/peers/requirements.txt\` (pinned by \`constraints.txt\`) and generates the datasets into \`bench/.cache\`; later runs reuse both. \`--smoke\` runs every tool once on tiny sizes; \`--tools\`, \`--workloads\` and the size flags are in the header of \`bench/peers/run.mjs\`.`,
  );
  out.push('');
  const m = r.machine;
  const load = (xs) => xs.map((x) => x.toFixed(2)).join(' / ');
  out.push(
    `Machine: ${m.cpus} cores (${m.cpu}), Node ${m.node}; load average ${load(m.loadAverageAtStart)} (1/5/15 min) at the start${m.loadAverageAtEnd ? `, ${load(m.loadAverageAtEnd)} at the end` : ''}. ` +
      `Arca ${r.arcaCommit}${r.peers ? `; MLflow ${r.peers.mlflow}, DVC ${r.peers.dvc}, onnx ${r.peers.onnx}, numpy ${r.peers.numpy}` : ''}.`,
  );
  out.push('');
  if (r.partial) {
    const done = Object.keys(W).join(', ') || 'none';
    out.push(`**Partial run**: the JSON was saved after the workloads it has (${done}); the run had not finished the others${r.profiles ? '' : ' nor the profiles'} when this report was generated.`, '');
  }
  out.push('How it is measured:');
  out.push(
    [
      '- Every tool runs for real on loopback: `arca server` (embedded default: SQLite + local files) and the `arca` CLI; `mlflow server --serve-artifacts` (SQLite backend, local artifact destination, its default 4 workers) and the MLflow Python client; DVC with a local remote. Each run starts from empty server data and empty client caches.',
      '- Times are wall clock. Arca and DVC: the whole CLI process (`dvc add` + `dvc push` for a log; `dvc pull` in a fresh `git clone` for a pull), start-up included. MLflow: only the `log_artifact(s)` / `download_artifacts` call inside Python, timed in-process (a training script has already paid for the interpreter and `import mlflow`); the whole process time is in the JSON as `processSeconds`.',
      '- DVC versions files inside its repository, so the data is first copied into the repository (not timed).',
      '- Peak RSS: Node processes report their own `maxRSS` on exit; Python and shell commands run under `/usr/bin/time -f %M`; the MLflow server is the sum of each of its processes\' peak (`VmHWM`), an upper bound. Stored: bytes allocated on disk by the server data folder (Arca, MLflow: database and artifacts) or the DVC remote.',
      '- The physical limit: `cp` of the same bytes on the same disk (into the page cache), `cp` then `sync` of the copied files (on the disk, which a store that fsyncs must pay), and `cat > /dev/null` for a read. "vs limit" divides by `cp`. The page cache is warm throughout (no privileges to drop it).',
      '- Ratios are within this one run; seconds drift with the machine\'s load, ratios much less.',
    ].join('\n'),
  );

  if (W.bigFile) {
    const b = W.bigFile;
    out.push('', `## 1. One ${mib(b.bytes)} file of random bytes`, '', '**Log**', '', timedTable(b.log), '', '**Pull into an empty folder**', '', timedTable(b.pull, { stored: false }));
    out.push('', NOTES.bigFile ?? '', '', profileParagraph('log', r.profiles?.bigFileLog), '', profileParagraph('pull', r.profiles?.bigFilePull));
  }
  if (W.smallFiles) {
    const s = W.smallFiles;
    out.push('', `## 2. ${s.files.toLocaleString('en')} files of 20-40 KiB (${mib(s.bytes)})`, '', '**Log**', '', timedTable(s.log, { throughput: 'files/s' }), '', '**Pull into an empty folder**', '', timedTable(s.pull, { throughput: 'files/s', stored: false }));
    out.push('', NOTES.smallFiles ?? '', '', profileParagraph('log', r.profiles?.smallFilesLog), '', profileParagraph('pull', r.profiles?.smallFilesPull));
  }
  if (W.bigFile) {
    const b = W.bigFile;
    out.push('', `## 3. The same ${mib(b.bytes)} logged again unchanged`, '', 'Stored: after the first log and this one. The limit is reading the bytes once (`cat > /dev/null`).', '', timedTable(b.relog));
    out.push('', NOTES.relog ?? '');
  }
  if (W.checkpoints) {
    const k = W.checkpoints;
    out.push('', `## 4. Five ONNX checkpoints of ${mib(k.fileBytes)}, only the classifier (${mib(k.classifierBytes)}) changing`, '');
    out.push(`Time: the five logs together. Stored: after all five, and against one file (${mib(k.fileBytes)}); perfect dedup would keep one file plus four classifiers, ${mib(k.idealStoredBytes)} = ${ratio(k.idealStoredBytes / k.fileBytes)} one file.`, '');
    out.push(timedTable(k.log), '');
    out.push(table(['tool', 'stored after five saves', 'vs one file', 'vs perfect dedup'], k.log.map((x) => [label(x), mib(x.storedBytes), ratio(x.storedBytes / k.fileBytes), ratio(x.storedBytes / k.idealStoredBytes)])));
    out.push('', NOTES.checkpoints ?? '', '', profileParagraph('five saves', r.profiles?.checkpointsLog));
  }
  if (W.registryReads) {
    const g = W.registryReads;
    const arca = g.rows.find((x) => x.tool === 'arca');
    const limit = g.rows.find((x) => x.limit);
    out.push('', `## 5. Registry reads under load: \`model@production\`, ${g.connections} connections for ${g.seconds} s`, '');
    out.push('Arca: `GET /api/v1/resolve?ref=bench/model-registry/Model:production`. MLflow: `GET /api/2.0/mlflow/registered-models/alias` (what `get_model_version_by_alias` calls). DVC has no registry server. The limit: a bare `node:http` server answering Arca\'s response body from memory. Load from `autocannon` on the same 2 cores.', '');
    out.push(
      table(
        ['tool', 'req/s (median)', 'min-max', 'p50', 'p99', 'req/s vs Arca', 'req/s vs limit', 'server peak RSS', 'response bytes'],
        g.rows.map((x) => [
          label(x),
          f(x.rps.median, 0),
          `${f(x.rps.min, 0)} - ${f(x.rps.max, 0)}`,
          ms(x.p50Ms.median),
          ms(x.p99Ms.median),
          arca ? ratio(x.rps.median / arca.rps.median) : 'n/a',
          limit ? ratio(x.rps.median / limit.rps.median) : 'n/a',
          mib(x.serverRss),
          String(x.responseBytes),
        ]),
      ),
    );
    out.push('', NOTES.registryReads ?? '', '', profileParagraph('server under load', r.profiles?.registryReads));
  }
  if (W.aliasVisible) {
    const a = W.aliasVisible;
    out.push('', `## 6. Alias move to visible (${a.moves} moves)`, '');
    out.push(
      `From sending the move to a listener that was already waiting seeing it. "move ack" is the move request's own round trip.${a.eventsRoute ? '' : ' **This Arca build has no event stream (`GET /api/v1/events`)**: only the poll was measured.'}`,
      '',
    );
    out.push(
      table(
        ['tool', 'listener', 'median', 'min-max', 'p99', 'move ack (median)'],
        a.rows.map((x) =>
          x.error
            ? [label(x), x.listener, `failed: ${x.error}`, '', '', '']
            : [label(x), x.listener, ms(x.visibleMs.median), `${ms(x.visibleMs.min)} - ${ms(x.visibleMs.max)}`, ms(x.p99VisibleMs), ms(x.ackMs.median)],
        ),
      ),
    );
    out.push('', NOTES.aliasVisible ?? '');
  }
  if (NOTES.general) out.push('', '## What would bring Arca closer', '', NOTES.general);
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const src = process.argv[2] ?? join(root, 'bench/results/peers.json');
  const dst = process.argv[3] ?? join(root, 'docs/benchmarks.md');
  writeFileSync(dst, renderReport(JSON.parse(readFileSync(src, 'utf8')), relative(root, src)));
  console.log(dst);
}
