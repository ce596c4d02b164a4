// Workload 6: alias move to visible. A mover points `production` at the other version;
// a listener that was already waiting reports when it sees the move. Listeners: Arca's
// event stream (GET /api/v1/events, Server-Sent Events) where the server has it, a
// tight poll of each tool's resolve route, and MLflow's webhook for
// model_version_alias.created delivered to a receiver on loopback.
import { once } from 'node:events';
import { createServer, get } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../stats.mjs';
import { runDir, SESSIONS } from './common.mjs';

const now = () => performance.now();

/** A listener: `next(v)` is a promise that resolves when version `v` is seen. */
function waiters() {
  const waiting = new Map();
  return {
    next(v) {
      return new Promise((resolve) => waiting.set(v, resolve));
    },
    saw(v) {
      const resolve = waiting.get(v);
      if (resolve) {
        waiting.delete(v);
        resolve(now());
      }
    },
  };
}

/** Polls `url` back to back on one connection; `read(json)` is the version it shows. */
function poller(url, read, headers = {}) {
  const w = waiters();
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await fetch(url, { headers });
      const json = await res.json();
      if (res.ok) w.saw(read(json));
    }
  })();
  return { next: w.next, close: async () => { running = false; await loop; } };
}

/** Subscribes to an SSE stream; resolves null when the server has no such route. */
async function sseListener(url, read, headers = {}) {
  const w = waiters();
  const req = get(url, { headers: { accept: 'text/event-stream', ...headers } });
  const [res] = await once(req, 'response');
  if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
    res.resume();
    req.destroy();
    return null;
  }
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (d) => {
    buf += d;
    let end;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (data) w.saw(read(JSON.parse(data)));
    }
  });
  res.on('error', () => {});
  return { next: w.next, close: async () => req.destroy() };
}

/** A loopback receiver of MLflow's webhook deliveries. */
async function webhookReceiver(read) {
  const w = waiters();
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.end('ok');
      try {
        w.saw(read(JSON.parse(body)));
      } catch {}
    });
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return { url: `http://127.0.0.1:${srv.address().port}/hook`, next: w.next, close: async () => srv.close() };
}

async function measure(moves, versions, move, listener) {
  const visible = [];
  const ack = [];
  // Start from the first version, so that every timed move really changes the alias.
  await move(versions[0]);
  await new Promise((r) => setTimeout(r, 300));
  for (let k = 0; k < moves; k++) {
    const target = versions[(k + 1) % versions.length];
    const seen = listener.next(target);
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`move to ${target} not seen in 10 s`)), 10_000).unref());
    const t0 = now();
    await move(target);
    ack.push(now() - t0);
    visible.push((await Promise.race([seen, timeout])) - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  const sorted = [...visible].sort((a, b) => a - b);
  return { moves, visibleMs: summarize(visible), p99VisibleMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))], ackMs: summarize(ack) };
}

async function putJson(url, method, body, headers = {}) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
}

async function arcaRows(work, moves, log) {
  const s = await SESSIONS.arca(runDir(work, 'arca'));
  const rows = [];
  try {
    const versions = [];
    for (const i of [1, 2]) {
      const model = join(work, 'arca', `model.onnx`);
      writeFileSync(model, `model ${i}\n`);
      await s.cli(['log', 'bench/reg/model', model, '--type', 'model']);
      const linked = JSON.parse((await s.cli(['link', 'bench/reg/model:latest', 'bench/model-registry/Model', '--alias', 'production'])).stdout);
      versions.push(linked.version.version);
    }
    const coll = 'bench/model-registry/Model';
    const move = (v) => putJson(`${s.url}/api/v1/collections/bench/model-registry/Model/aliases/production`, 'PUT', { version: v }, s.headers);
    const sse = await sseListener(`${s.url}/api/v1/events?collection=${encodeURIComponent(coll)}`, (e) => (e.name === 'production' ? e.new?.version : undefined), s.headers);
    if (sse) {
      rows.push({ tool: 'arca', listener: 'event stream (GET /api/v1/events)', ...(await measure(moves, versions, move, sse)) });
      await sse.close();
    } else {
      log('  alias visible: this Arca server has no GET /api/v1/events; measuring the poll only');
    }
    const poll = poller(`${s.url}/api/v1/resolve?ref=${encodeURIComponent(`${coll}:production`)}`, (j) => j.version?.version, s.headers);
    rows.push({ tool: 'arca', listener: 'tight poll of GET /api/v1/resolve', ...(await measure(moves, versions, move, poll)) });
    await poll.close();
    rows.eventsRoute = Boolean(sse);
  } finally {
    await s.stop();
  }
  return rows;
}

async function mlflowRows(work, moves) {
  const hook = await webhookReceiver((b) => b.data?.version ?? b.version);
  const s = await SESSIONS.mlflow(runDir(work, 'mlflow'), {
    // Webhooks to http:// on loopback are refused by default (https and public IPs only).
    env: { MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS: 'true', MLFLOW_WEBHOOK_ALLOWED_SCHEMES: 'http,https' },
  });
  const rows = [];
  try {
    const { json } = await s.py('registry', s.url, 'reg', 'Model', 'production');
    const move = (v) => putJson(`${s.url}/api/2.0/mlflow/registered-models/alias`, 'POST', { name: 'Model', alias: 'production', version: v });
    const listener = 'webhook model_version_alias.created';
    try {
      await s.py('webhook', s.url, 'bench', hook.url);
      rows.push({ tool: 'mlflow', listener, ...(await measure(moves, json.versions, move, hook)) });
    } catch (e) {
      // Reported as such in the table rather than ending the whole run.
      rows.push({ tool: 'mlflow', listener, error: String(e.message).split('\n').filter(Boolean).pop() });
    }
    const poll = poller(`${s.url}/api/2.0/mlflow/registered-models/alias?name=Model&alias=production`, (j) => j.model_version?.version);
    rows.push({ tool: 'mlflow', listener: 'tight poll of registered-models/alias', ...(await measure(moves, json.versions, move, poll)) });
    await poll.close();
  } finally {
    await hook.close();
    await s.stop();
  }
  return rows;
}

export async function aliasVisible({ tools, work, moves, log }) {
  const rows = [];
  let eventsRoute = false;
  if (tools.includes('arca')) {
    const r = await arcaRows(work, moves, log);
    eventsRoute = r.eventsRoute;
    rows.push(...r);
  }
  if (tools.includes('mlflow')) rows.push(...(await mlflowRows(work, moves)));
  for (const r of rows) log(`  alias visible: ${r.tool} via ${r.listener}: ${r.error ? `failed: ${r.error}` : `median ${r.visibleMs.median.toFixed(1)} ms`}`);
  return { moves, eventsRoute, rows };
}
