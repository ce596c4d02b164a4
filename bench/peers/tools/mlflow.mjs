// MLflow as a peer: `mlflow server --serve-artifacts` with a SQLite backend and a local
// artifact destination, driven by mlflow_client.py (the Python client over HTTP).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fresh, ROOT } from '../../lib.mjs';
import { diskBytes, freePort, once1, stopGroup, timedExternal, treePeakRss, waitForHttp } from '../proc.mjs';
import { PY, venvBin } from '../venv.mjs';

const CLIENT = join(ROOT, 'bench/peers/mlflow_client.py');
// No usage telemetry: it phones out (no network here), and its client thread failed one
// log_artifacts call of a bench run with a KeyError on its session id.
const QUIET = { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' };

export async function mlflowSession(work, { env = {} } = {}) {
  const dir = fresh(join(work, 'mlflow-server'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    venvBin('mlflow'),
    ['server', '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`, '--artifacts-destination', join(dir, 'artifacts'), '--serve-artifacts', '--host', '127.0.0.1', '--port', String(port),
      // uvicorn restarts a worker that does not answer its health check within 5 s; on a
      // busy 2-core machine importing mlflow takes longer, and the workers never come up.
      '--uvicorn-opts', '--timeout-worker-healthcheck 120'],
    { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...QUIET, ...env } },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  try {
    await waitForHttp(`${url}/health`, child, 300_000);
  } catch (e) {
    await stopGroup(child);
    throw new Error(`${e.message}\n${stderr}`);
  }
  let runs = 0;
  const py = async (...args) => {
    const r = await timedExternal(PY, [CLIENT, ...args], { cwd: work, env: { ...QUIET, MLFLOW_TRACKING_URI: url } });
    const json = JSON.parse(r.stdout.trim().split('\n').pop());
    return { seconds: json.seconds, processSeconds: r.seconds, clientRss: r.rss, json };
  };
  const log = async (path, name) => {
    const r = await py('log', url, name, `${name}-${runs++}`, path);
    return { ...r, handle: { runId: r.json.runId, artifactPath: r.json.artifactPath } };
  };

  return {
    tool: 'mlflow',
    url,
    logFile: log,
    logDir: log,
    pull: (handle, dst) => py('download', url, handle.runId, handle.artifactPath, dst),
    logCheckpoints: (files, workFile) => py('checkpoints', url, 'ckpt', `ckpt-${runs++}`, workFile, ...files),
    py,
    storedNow: () => diskBytes(dir),
    stop: once1(async () => {
      const serverRss = treePeakRss(child.pid);
      await stopGroup(child);
      return { serverRss, storedBytes: diskBytes(dir), clientCacheBytes: 0 };
    }),
  };
}
