// The datasets of the peers bench, generated once into the bench cache and reused:
// the big random file, the folder of small files, and five ONNX checkpoints.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, ensureRandomFile, fillRandom, ROOT } from '../lib.mjs';
import { timedExternal } from './proc.mjs';
import { PY } from './venv.mjs';

export function ensureBigFile(bytes) {
  return ensureRandomFile(join(CACHE, `big-${bytes}.bin`), bytes, 1);
}

function countFiles(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}

/** `count` files of 20-40 KiB in 100 folders; the same bytes as bench/foundation.mjs makes. */
export function ensureSmallFiles(count) {
  const dir = join(CACHE, `small-${count}`);
  if (existsSync(dir) && countFiles(dir) === count) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const buf = Buffer.alloc(40 * 1024);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${String(i % 100).padStart(2, '0')}`);
    if (i < 100) mkdirSync(sub, { recursive: true });
    const size = 20 * 1024 + ((i * 7919) % (20 * 1024));
    writeFileSync(join(sub, `img_${i}.jpg`), fillRandom(buf, 5000 + i).subarray(0, size));
  }
  return dir;
}

/**
 * Five saves of one real ONNX model (conv backbone + classifier) where only the
 * classifier's weights change; `scale` 1 is about 100 MiB of weights.
 * Resolves with { files, fileBytes, weightBytes, classifierBytes }.
 */
export async function ensureCheckpoints(scale) {
  const dir = join(CACHE, `onnx-checkpoints-${scale}`);
  const summary = join(CACHE, `onnx-checkpoints-${scale}.json`);
  if (existsSync(summary)) {
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    if (s.files.every((f) => existsSync(f))) return s;
  }
  rmSync(dir, { recursive: true, force: true });
  const { stdout } = await timedExternal(PY, [join(ROOT, 'bench/peers/make_checkpoints.py'), dir, String(scale)]);
  writeFileSync(summary, stdout);
  return JSON.parse(stdout);
}
