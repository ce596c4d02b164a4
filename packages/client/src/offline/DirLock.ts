import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { ArcaError, isProcessAlive } from '@arca/store/pure';

const WAIT_MS = 10_000;
const POLL_MS = 25;

/**
 * An exclusive lock between processes: a file created with O_EXCL holding the
 * holder's pid. A lock whose holder is gone (a SIGKILLed sync) is taken over,
 * so a killed process never blocks the next one.
 */
export async function withDirLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    // An empty file is a holder between create and write; only a dead pid is stale.
    if (Number.isSafeInteger(holder) && holder > 0 && !isProcessAlive(holder)) {
      try {
        // Re-read: another waiter may have taken it over since (narrows, not closes, that window).
        if (Number(readFileSync(path, 'utf8')) === holder) unlinkSync(path);
      } catch {
        // another waiter took it over first
      }
      continue;
    }
    if (Date.now() - start > WAIT_MS) throw new ArcaError('Locked', `${path} is held by process ${holder}`, { path, pid: holder });
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  try {
    return await fn();
  } finally {
    unlinkSync(path);
  }
}
