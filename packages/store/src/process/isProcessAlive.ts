/**
 * True when a process with this pid exists. Lock files and lock rows hold their
 * holder's pid, so a lock left by a killed process can be taken over.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
