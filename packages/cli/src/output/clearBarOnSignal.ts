import { onInterrupt } from '../onInterrupt.js';
import type { ProgressBar } from './ProgressBar.js';

/**
 * Until the returned function is called, Ctrl-C (SIGINT) or SIGTERM clears the
 * bar's line and then ends the process as the signal would have: for commands
 * that do not stop their transfer through an AbortSignal (log, sync), so the
 * shell's next prompt does not land after a half-drawn bar.
 */
export function clearBarOnSignal(bar: ProgressBar | undefined): () => void {
  if (!bar) return () => {};
  const dispose = onInterrupt((name) => {
    dispose();
    bar.done();
    process.kill(process.pid, name);
  });
  return dispose;
}
