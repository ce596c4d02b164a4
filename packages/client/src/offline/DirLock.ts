import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ArcaError, isProcessAlive } from '@arca/store/pure';
import { namespaceTag } from '../util/namespaceTag.js';

export interface DirLockTiming {
  /** How long to wait for a live holder before failing with `Locked`. */
  waitMs?: number;
  /** How often a holder touches its lock file, so that a waiter in another container sees it alive. */
  heartbeatMs?: number;
}

const WAIT_MS = 10_000;
const HEARTBEAT_MS = 15_000;
const POLL_MS = 25;
/**
 * A lock written in another process namespace (another container sharing the
 * store) names a pid that means nothing here. Its holder touches it every
 * HEARTBEAT_MS; one not touched for this long was left by a killed holder.
 */
export const FOREIGN_LOCK_IDLE_MS = 120_000;

/** `<pid>@<namespace tag>`, or a bare pid from earlier versions. */
const CONTENT = /^(\d{1,10})(?:@([0-9a-f]{8}))?$/;

interface Holder {
  pid: number;
  tag: string | undefined;
}

/** Lock files this process holds now (see `holderGone`). */
const held = new Set<string>();

/**
 * An exclusive lock between processes: a file holding the holder's pid and
 * namespace tag. A lock whose holder is gone (a SIGKILLed sync) is taken over,
 * so a killed process never blocks the next one.
 */
export async function withDirLock<T>(path: string, fn: () => Promise<T> | T, timing: DirLockTiming = {}): Promise<T> {
  const waitMs = timing.waitMs ?? WAIT_MS;
  const start = Date.now();
  for (;;) {
    if (tryCreate(path)) break;
    let content: string;
    let ageMs: number;
    try {
      content = readFileSync(path, 'utf8');
      ageMs = Date.now() - statSync(path).mtimeMs;
    } catch {
      continue;
    }
    const holder = parseHolder(content);
    if (holderGone(path, holder, ageMs)) {
      try {
        // Re-read: another waiter may have taken it over since (narrows, not closes, that window).
        if (readFileSync(path, 'utf8') === content) unlinkSync(path);
      } catch {
        // another waiter took it over first
      }
      continue;
    }
    if (Date.now() - start > waitMs) throw lockedError(path, holder);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  held.add(path);
  const heartbeat = setInterval(() => touch(path), timing.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    held.delete(path);
    unlinkSync(path);
  }
}

/**
 * Creates the lock file with its holder already in it: the content goes into a
 * temp file that is then hard-linked to the lock's name (EEXIST if held).
 * Creating the lock itself with O_EXCL and writing after left an empty lock when
 * the process was killed in between (or the machine lost power before the write
 * reached the disk), and an empty lock never looked stale: every later sync and
 * offline log failed with `Locked`.
 */
function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, `${process.pid}@${namespaceTag()}`);
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

function parseHolder(content: string): Holder | null {
  const m = CONTENT.exec(content);
  if (!m) return null;
  const pid = Number(m[1]);
  return pid > 0 ? { pid, tag: m[2] } : null;
}

/**
 * Whether the lock's holder is gone.
 * - One in another namespace is, once its lock has gone untouched for
 *   FOREIGN_LOCK_IDLE_MS: its pid cannot be checked from here.
 * - A dead pid is.
 * - So is our own pid when this process does not hold the lock: pids are reused,
 *   and in a container every first process is PID 1, so a sync killed there and
 *   run again finds "its" pid alive.
 * - A lock with no pid in it (left by a version that created the file before
 *   writing the pid, killed in between) is, once older than the default wait:
 *   no holder takes that long to write its pid.
 */
function holderGone(path: string, holder: Holder | null, ageMs: number): boolean {
  if (holder === null) return ageMs > WAIT_MS;
  if (holder.tag !== undefined && holder.tag !== namespaceTag()) return ageMs > FOREIGN_LOCK_IDLE_MS;
  if (holder.pid === process.pid) return !held.has(path);
  return !isProcessAlive(holder.pid);
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Gone: nothing to keep alive.
  }
}

function lockedError(path: string, holder: Holder | null): ArcaError {
  const foreign = holder?.tag !== undefined && holder.tag !== namespaceTag();
  const who = holder === null ? 'another process' : foreign ? `process ${holder.pid} in another container (namespace ${holder.tag})` : `process ${holder.pid}`;
  return new ArcaError('Locked', `${path} is held by ${who}`, { path, pid: holder?.pid ?? null, namespace: holder?.tag ?? null });
}
