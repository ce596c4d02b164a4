import { randomBytes } from 'node:crypto';
import { GcRunningError } from '../errors/GcRunningError.js';
import { heldLockTokens } from '../process/heldLockTokens.js';
import { isLockHolderGone } from '../process/isLockHolderGone.js';
import type { RefDb } from '../refdb/RefDb.js';

interface LockRow {
  pid: number;
  token: string;
  started_at: string;
}

/**
 * Takes the store's garbage-collection lock or throws GcRunningError; returns
 * its release. A lock whose process is gone (killed mid-collection) is taken
 * over (also one that had our own pid: PID 1 in a restarted container,
 * isLockHolderGone): a collection leaves nothing half-done that the next one
 * cannot redo.
 */
export function acquireGcLock(refs: RefDb): () => void {
  const token = randomBytes(16).toString('hex');
  refs.transaction(() => {
    const held = refs.db.prepare('SELECT pid, token, started_at FROM gc_lock WHERE id = 1').get() as LockRow | undefined;
    if (held && !isLockHolderGone(held)) throw new GcRunningError(held.pid, held.started_at);
    refs.db
      .prepare('INSERT OR REPLACE INTO gc_lock (id, pid, token, started_at) VALUES (1, ?, ?, ?)')
      .run(process.pid, token, new Date().toISOString());
  });
  heldLockTokens.add(token);
  return () => {
    heldLockTokens.delete(token);
    refs.db.prepare('DELETE FROM gc_lock WHERE id = 1 AND token = ?').run(token);
  };
}
