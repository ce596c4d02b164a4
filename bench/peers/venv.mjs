// The Python peers (MLflow, DVC) and the ONNX builder live in a virtual environment
// under the bench cache, created once and rebuilt when requirements.txt changes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, ROOT } from '../lib.mjs';
import { timedExternal } from './proc.mjs';

const HERE = join(ROOT, 'bench/peers');
export const VENV = join(CACHE, 'peers/venv');
export const PY = join(VENV, 'bin/python');
export const venvBin = (name) => join(VENV, 'bin', name);

export async function ensureVenv(log) {
  const requirements = readFileSync(join(HERE, 'requirements.txt'), 'utf8');
  const constraints = readFileSync(join(HERE, 'constraints.txt'), 'utf8');
  const stamp = join(VENV, '.arca-bench-stamp');
  const want = createHash('sha256').update(requirements).update(constraints).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  const python = process.env.ARCA_BENCH_PYTHON ?? 'python3.11';
  log(`creating ${VENV} with ${python} and installing requirements.txt (a few minutes, once)`);
  rmSync(VENV, { recursive: true, force: true });
  await timedExternal(python, ['-m', 'venv', VENV]);
  await timedExternal(PY, ['-m', 'pip', 'install', '--quiet', '--upgrade', 'pip']);
  await timedExternal(PY, ['-m', 'pip', 'install', '--quiet', '-r', join(HERE, 'requirements.txt'), '-c', join(HERE, 'constraints.txt')]);
  writeFileSync(stamp, want);
}

/** Versions of the peers, for the report. */
export async function peerVersions() {
  const { stdout } = await timedExternal(PY, [
    '-c',
    'import json, importlib.metadata as m; print(json.dumps({p: m.version(p) for p in ["mlflow", "dvc", "onnx", "numpy"]}))',
  ]);
  return JSON.parse(stdout);
}
