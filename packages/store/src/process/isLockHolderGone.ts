import { heldLockTokens } from './heldLockTokens.js';
import { isProcessAlive } from './isProcessAlive.js';

/**
 * True when the process that wrote a lock row on this host is gone, so the lock
 * may be taken over: its pid is not running, or it is our own pid but the row's
 * token is not one this process holds (a previous process with the same pid:
 * PID 1 in a restarted container; see heldLockTokens).
 */
export function isLockHolderGone(held: { pid: number; token: string }): boolean {
  if (held.pid === process.pid) return !heldLockTokens.has(held.token);
  return !isProcessAlive(held.pid);
}
