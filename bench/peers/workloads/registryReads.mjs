// Workload 5: resolving model@production under load, Arca's alias API against MLflow's
// get_model_version_by_alias, with autocannon (32 connections). The limit: a bare
// node:http server answering Arca's response body from memory.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { summarize } from '../stats.mjs';
import { stopGroup, treePeakRss } from '../proc.mjs';
import { runDir, SESSIONS } from './common.mjs';

/**
 * autocannon resolves when its time is up, with requests still in the server's hands;
 * Arca's server closes its database under them if stopped at once (a 500 on a request
 * nobody waits for), so the caller lets them drain first.
 */
export const drain = () => new Promise((r) => setTimeout(r, 2000));

async function load(url, { connections, seconds, headers = {} }) {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, total: r.requests.total };
}

async function check(url, headers = {}) {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body}`);
  return body;
}

/** Each tool's resolve URL, with its server up. */
async function setUp(tool, dir) {
  const s = await SESSIONS[tool](dir);
  if (tool === 'arca') {
    const model = join(dir, 'model.onnx');
    writeFileSync(model, 'a tiny model\n');
    await s.cli(['log', 'bench/reg/model', model, '--type', 'model']);
    await s.cli(['link', 'bench/reg/model:latest', 'bench/model-registry/Model', '--alias', 'production']);
    return { s, url: `${s.url}/api/v1/resolve?ref=${encodeURIComponent('bench/model-registry/Model:production')}` };
  }
  await s.py('registry', s.url, 'reg', 'Model', 'production');
  return { s, url: `${s.url}/api/2.0/mlflow/registered-models/alias?name=Model&alias=production` };
}

/** A bare HTTP server in its own process that answers `body` to every request. */
async function bareServer(body) {
  const code = `const b=Buffer.from(process.argv[1]);require('node:http').createServer((q,s)=>{s.writeHead(200,{'content-type':'application/json'});s.end(b)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code, body], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const [port] = await once(createInterface({ input: child.stdout }), 'line');
  return { url: `http://127.0.0.1:${port}/`, child };
}

export async function registryReads({ tools, runs, work, connections, seconds, log }) {
  const rows = [];
  let arcaBody = '{}';
  for (const tool of tools.filter((t) => t !== 'dvc')) {
    const dir = runDir(work, tool);
    const { s, url } = await setUp(tool, dir);
    try {
      const headers = s.headers ?? {};
      const body = await check(url, headers);
      if (tool === 'arca') arcaBody = body;
      await load(url, { connections, seconds: 1, headers }); // warm-up, not counted
      const xs = [];
      for (let i = 0; i < runs; i++) xs.push(await load(url, { connections, seconds, headers }));
      await drain();
      const { serverRss } = await s.stop();
      rows.push(summarizeLoad(tool, xs, { serverRss, responseBytes: Buffer.byteLength(body) }));
      log(`  registry reads: ${tool} ${xs.map((x) => Math.round(x.rps)).join(', ')} req/s`);
    } finally {
      await s.stop().catch(() => {});
    }
  }
  const bare = await bareServer(arcaBody);
  try {
    await load(bare.url, { connections, seconds: 1 });
    const xs = [];
    for (let i = 0; i < runs; i++) xs.push(await load(bare.url, { connections, seconds }));
    rows.unshift({ ...summarizeLoad('bare node:http', xs, { serverRss: treePeakRss(bare.child.pid), responseBytes: Buffer.byteLength(arcaBody) }), limit: true });
    log(`  registry reads: bare node:http ${xs.map((x) => Math.round(x.rps)).join(', ')} req/s`);
  } finally {
    await stopGroup(bare.child);
  }
  return { connections, seconds, rows };
}

function summarizeLoad(tool, xs, extra) {
  const bad = xs.reduce((n, x) => n + x.non2xx + x.errors, 0);
  if (bad) throw new Error(`${tool}: ${bad} failed requests under load`);
  return {
    tool,
    limit: false,
    rps: summarize(xs.map((x) => x.rps)),
    p50Ms: summarize(xs.map((x) => x.p50)),
    p99Ms: summarize(xs.map((x) => x.p99)),
    requests: xs.reduce((n, x) => n + x.total, 0),
    ...extra,
  };
}
