import { onInterrupt } from './onInterrupt.js';

/**
 * An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, so that a transfer stops
 * through its own cleanup instead of dying between a write and a rename. A second
 * Ctrl-C while that cleanup runs ends the process at once, as a user expects.
 * `dispose` gives the signals back to Node's default handling.
 */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const dispose = onInterrupt((name) => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    dispose();
    process.kill(process.pid, name);
  });
  return { signal: controller.signal, dispose };
}
