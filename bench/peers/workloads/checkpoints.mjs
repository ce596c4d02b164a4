// Workload 4: five saves of one ONNX model where only the classifier changes; the time
// of the five logs and the bytes each tool stores for them, against one file.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { row } from '../stats.mjs';
import * as limit from '../tools/limit.mjs';
import { runDir, SESSIONS } from './common.mjs';

export async function checkpoints({ ckpt, tools, runs, work, log }) {
  const { files, fileBytes, classifierBytes } = ckpt;
  const samples = new Map([['cp', []], ['cp + sync', []]]);
  for (let i = 0; i < runs; i++) {
    const lim = runDir(work, 'limit');
    for (const [name, fn] of [['cp', limit.cp], ['cp + sync', limit.cpSync]]) {
      let seconds = 0;
      for (const f of files) seconds += (await fn(f, join(lim, 'model.onnx'))).seconds;
      samples.get(name).push({ seconds, storedBytes: files.length * fileBytes });
    }
    rmSync(lim, { recursive: true, force: true });
    for (const tool of tools) {
      const dir = runDir(work, tool);
      const s = await SESSIONS[tool](dir);
      try {
        const r = await s.logCheckpoints(files, join(dir, 'model.onnx'));
        const { serverRss, storedBytes, clientCacheBytes } = await s.stop();
        if (!samples.has(tool)) samples.set(tool, []);
        samples.get(tool).push({ ...r, serverRss, storedBytes, clientCacheBytes });
        log(`  checkpoints run ${i + 1}: ${tool} ${r.seconds.toFixed(2)} s, stored ${(storedBytes / 2 ** 20).toFixed(1)} MiB`);
      } finally {
        await s.stop().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const bytes = files.length * fileBytes;
  return {
    fileBytes,
    classifierBytes,
    saves: files.length,
    // What perfect dedup would keep: one whole file and each later save's new classifier.
    idealStoredBytes: fileBytes + (files.length - 1) * classifierBytes,
    log: [...samples].map(([tool, xs]) =>
      ({ ...row(tool, xs, { bytes, limit: tool === 'cp' }), perSave: xs.map((x) => x.perSave).filter(Boolean), clientCacheBytes: xs[0].clientCacheBytes }),
    ),
  };
}
