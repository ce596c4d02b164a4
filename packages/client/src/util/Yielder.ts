import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets a loop of small synchronous file operations give the event loop a turn
 * every few milliseconds. Small-file work is done with synchronous calls on
 * purpose: measured on a Firecracker VM, an awaited fs call costs about 45 µs of
 * promise and thread-pool overhead against 8 µs for the same call done
 * synchronously, which for 10 000 files is the difference between seconds and
 * a fraction of one. Yielding keeps concurrent transfers (and the caller's own
 * timers) moving meanwhile.
 */
export class Yielder {
  private last = performance.now();

  constructor(private readonly sliceMs = 8) {}

  async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.last < this.sliceMs) return;
    await nextTurn();
    this.last = performance.now();
  }
}
