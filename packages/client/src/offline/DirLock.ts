import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ArcaError, isProcessAlive } from '@arca/store/pure';

const WAIT_MS = 10_000;
const POLL_MS = 25;

/** Lock files this process holds now (see `holderGone`). */
const held = new Set<string>();

/**
 * An exclusive lock between processes: a file holding the holder's pid. A lock
 * whose holder is gone (a SIGKILLed sync) is taken over, so a killed process
 * never blocks the next one.
 */
export async function withDirLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  for (;;) {
    if (tryCreate(path)) break;
    let holder = NaN;
    let ageMs = 0;
    try {
      holder = Number(readFileSync(path, 'utf8'));
      ageMs = Date.now() - statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (holderGone(path, holder, ageMs)) {
      try {
        // Re-read: another waiter may have taken it over since (narrows, not closes, that window).
        if (Object.is(Number(readFileSync(path, 'utf8')), holder)) unlinkSync(path);
      } catch {
        // another waiter took it over first
      }
      continue;
    }
    if (Date.now() - start > WAIT_MS) throw new ArcaError('Locked', `${path} is held by process ${holder}`, { path, pid: holder });
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  held.add(path);
  try {
    return await fn();
  } finally {
    held.delete(path);
    unlinkSync(path);
  }
}

/**
 * Creates the lock file with the pid already in it: the pid goes into a temp
 * file that is then hard-linked to the lock's name (EEXIST if held). Creating
 * the lock itself with O_EXCL and writing the pid after left an empty lock when
 * the process was killed in between (or the machine lost power before the write
 * reached the disk), and an empty lock never looked stale: every later sync and
 * offline log failed with `Locked`.
 */
function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Whether the lock's holder is gone. A dead pid is. So is our own pid when this
 * process does not hold the lock: pids are reused, and in a container every
 * first process is PID 1, so a sync killed there and run again finds "its" pid
 * alive. A lock with no pid in it (left by a version that created the file
 * before writing the pid, killed in between) is stale once it is older than the
 * wait, since no holder takes that long to write its pid.
 */
function holderGone(path: string, holder: number, ageMs: number): boolean {
  if (!Number.isSafeInteger(holder) || holder <= 0) return ageMs > WAIT_MS;
  if (holder === process.pid) return !held.has(path);
  return !isProcessAlive(holder);
}
