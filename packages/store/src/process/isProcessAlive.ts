import { readFileSync } from 'node:fs';

/**
 * True when a process with this pid exists and has not exited. Lock files and
 * lock rows hold their holder's pid, so a lock left by a killed process can be
 * taken over. A zombie (killed, not yet reaped by its parent: a script that
 * started the server in the background and has not waited on it) still answers
 * `kill(pid, 0)`, but holds nothing: on Linux its state in /proc says so.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // Not Linux, or gone since: kill's answer stands (a gone one is caught next time).
    return false;
  }
  // `pid (comm) state ...`; comm may hold spaces and parentheses, so the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}
