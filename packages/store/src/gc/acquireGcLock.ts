import { randomBytes } from 'node:crypto';
import { GcRunningError } from '../errors/GcRunningError.js';
import { isProcessAlive } from '../process/isProcessAlive.js';
import type { RefDb } from '../refdb/RefDb.js';

interface LockRow {
  pid: number;
  token: string;
  started_at: string;
}

/**
 * Takes the store's garbage-collection lock or throws GcRunningError; returns
 * its release. A lock whose process is gone (killed mid-collection) is taken
 * over: a collection leaves nothing half-done that the next one cannot redo.
 */
export function acquireGcLock(refs: RefDb): () => void {
  const token = randomBytes(16).toString('hex');
  refs.transaction(() => {
    const held = refs.db.prepare('SELECT pid, token, started_at FROM gc_lock WHERE id = 1').get() as LockRow | undefined;
    if (held && isProcessAlive(held.pid)) throw new GcRunningError(held.pid, held.started_at);
    refs.db
      .prepare('INSERT OR REPLACE INTO gc_lock (id, pid, token, started_at) VALUES (1, ?, ?, ?)')
      .run(process.pid, token, new Date().toISOString());
  });
  return () => {
    refs.db.prepare('DELETE FROM gc_lock WHERE id = 1 AND token = ?').run(token);
  };
}
