import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataDirInUseError } from '../errors/DataDirInUseError.js';
import type { Store } from '../Store.js';
import { heldLockTokens } from './heldLockTokens.js';
import { isLockHolderGone } from './isLockHolderGone.js';

interface LockRow {
  host: string;
  pid: number;
  token: string;
  started_at: string;
}

/**
 * Makes this process the one server of the store's data directory, or throws
 * DataDirInUse; returns the release. Two servers on one directory would each
 * stream only their own changes as events and webhooks, silently. A lock left
 * by a process that is gone is taken over (also one that had our own pid: PID 1
 * in a restarted container, isLockHolderGone); one held on another host cannot
 * be checked, so it holds unless `takeOver`.
 */
export function acquireServerLock(store: Store, opts: { takeOver?: boolean } = {}): () => void {
  const refs = store.refs;
  const token = randomBytes(16).toString('hex');
  const host = hostname();
  refs.transaction(() => {
    const held = refs.statement('SELECT host, pid, token, started_at FROM server_lock WHERE id = 1').get() as LockRow | undefined;
    const gone = held !== undefined && held.host === host && isLockHolderGone(held);
    if (held && !gone && !opts.takeOver) throw new DataDirInUseError(store.dataDir, held.host, held.pid, held.started_at);
    refs.statement('INSERT OR REPLACE INTO server_lock (id, host, pid, token, started_at) VALUES (1, ?, ?, ?, ?)').run(host, process.pid, token, new Date().toISOString());
  });
  heldLockTokens.add(token);
  return () => {
    heldLockTokens.delete(token);
    refs.statement('DELETE FROM server_lock WHERE id = 1 AND token = ?').run(token);
  };
}
