// Workloads 1, 2 and 3: log a path, log it again unchanged, then pull it into an empty
// folder; for the 1 GiB file (1 and 3) and for the folder of small files (2).
import { basename, join } from 'node:path';
import { rmSync } from 'node:fs';
import { fileBytes } from '../proc.mjs';
import { row } from '../stats.mjs';
import * as limit from '../tools/limit.mjs';
import { checkPulled, runDir, SESSIONS } from './common.mjs';

/**
 * Resolves with { log, relog, pull }: each a list of table rows (the limits first).
 * `files`: the number of files under `src` (for files per second). `relog`: false skips
 * the second log (workload 3 asks it of the big file only).
 */
export async function transfer({ src, name, files, tools, runs, work, log, relog = true }) {
  const bytes = fileBytes(src);
  const samples = { log: new Map(), relog: new Map(), pull: new Map() };
  const add = (op, tool, s) => {
    if (!samples[op].has(tool)) samples[op].set(tool, []);
    samples[op].get(tool).push(s);
  };
  for (let i = 0; i < runs; i++) {
    const lim = runDir(work, 'limit');
    const cp = await limit.cp(src, join(lim, 'copy'));
    const cpSync = await limit.cpSync(src, join(lim, 'copy'));
    const cat = await limit.cat(src);
    add('log', 'cp', cp);
    add('log', 'cp + sync', cpSync);
    if (relog) add('relog', 'cat > /dev/null', cat);
    add('pull', 'cp', cp);
    add('pull', 'cp + sync', cpSync);
    log(`  ${name} run ${i + 1}: cp ${cp.seconds.toFixed(2)} s, cp + sync ${cpSync.seconds.toFixed(2)} s, cat ${cat.seconds.toFixed(2)} s`);
    for (const tool of tools) {
      const dir = runDir(work, tool);
      const s = await SESSIONS[tool](dir);
      try {
        const first = await s.logFile(src, name);
        const storedAfterLog = s.storedNow();
        const again = !relog ? null : tool === 'dvc' ? await s.relog(first.handle) : await s.logFile(src, name);
        const storedAfterRelog = s.storedNow();
        const dst = join(dir, 'pulled');
        const pulled = await s.pull(first.handle, dst);
        checkPulled(tool, dst, basename(src), bytes);
        const { serverRss } = await s.stop();
        add('log', tool, { ...first, serverRss, storedBytes: storedAfterLog });
        if (again) add('relog', tool, { ...again, serverRss, storedBytes: storedAfterRelog });
        add('pull', tool, { ...pulled, serverRss });
        log(`  ${name} run ${i + 1}: ${tool} log ${first.seconds.toFixed(2)} s,${again ? ` again ${again.seconds.toFixed(2)} s,` : ''} pull ${pulled.seconds.toFixed(2)} s`);
      } finally {
        await s.stop().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      }
    }
    rmSync(lim, { recursive: true, force: true });
  }
  const rows = (op, limitTool) =>
    [...samples[op]].map(([tool, xs]) => row(tool, xs, { bytes, files, limit: tool === limitTool }));
  return {
    bytes,
    files,
    log: rows('log', 'cp'),
    relog: relog ? rows('relog', 'cat > /dev/null') : undefined,
    pull: rows('pull', 'cp'),
  };
}
