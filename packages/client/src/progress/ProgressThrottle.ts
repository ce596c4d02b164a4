import type { ProgressCallback, ProgressEvent } from '../types.js';

/**
 * Counts progress and reports it at most every `intervalMs`, plus once at the
 * end: per-object callbacks for 10 000 files would cost more than the transfer.
 */
export class ProgressThrottle {
  private readonly event: ProgressEvent;
  private last = 0;

  constructor(
    private readonly callback: ProgressCallback | undefined,
    phase: ProgressEvent['phase'],
    bytesTotal: number,
    filesTotal: number,
    private readonly intervalMs = 100,
  ) {
    this.event = { phase, bytesDone: 0, bytesTotal, filesDone: 0, filesTotal };
  }

  add(bytes: number, files = 0): void {
    this.event.bytesDone += bytes;
    this.event.filesDone += files;
    if (!this.callback) return;
    const now = Date.now();
    if (now - this.last >= this.intervalMs) {
      this.last = now;
      this.callback({ ...this.event });
    }
  }

  /** Raises the totals: the pipelined log learns what to upload window by window. */
  grow(bytes: number, files = 0): void {
    this.event.bytesTotal += bytes;
    this.event.filesTotal += files;
  }

  get bytesDone(): number {
    return this.event.bytesDone;
  }

  /** The final report, always delivered. */
  finish(): void {
    this.callback?.({ ...this.event });
  }
}
