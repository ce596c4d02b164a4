import { formatBytes } from './formatBytes.js';
import { formatDuration } from './formatDuration.js';

export interface ProgressEvent {
  phase: string;
  bytesDone: number;
  bytesTotal: number;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): boolean;
}

/**
 * One line of bytes, rate and ETA, redrawn in place on a terminal. Silent for
 * transfers that finish within `delayMs` and whenever the stream is not a TTY,
 * so logs and pipes stay clean.
 */
export class ProgressBar {
  private readonly stream: Stream;
  private readonly delayMs: number;
  private readonly started = Date.now();
  private drawn = false;
  private lastDraw = 0;
  private readonly phaseStarted = new Map<string, number>();

  constructor(stream: Stream, delayMs = 1000) {
    this.stream = stream;
    this.delayMs = delayMs;
  }

  update(e: ProgressEvent): void {
    const now = Date.now();
    // Rate and ETA are per phase (scanning time must not dilute the upload rate),
    // timed from the phase's first event (the first phase from the bar's start)
    // even when phases interleave.
    if (!this.phaseStarted.has(e.phase)) this.phaseStarted.set(e.phase, this.phaseStarted.size === 0 ? this.started : now);
    if (!this.stream.isTTY || now - this.started < this.delayMs || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write('\r' + this.render(e, (now - this.phaseStarted.get(e.phase)!) / 1000) + '\x1b[K');
  }

  render(e: ProgressEvent, elapsedSeconds: number): string {
    const fraction = e.bytesTotal > 0 ? Math.min(1, e.bytesDone / e.bytesTotal) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const rate = elapsedSeconds > 0 ? e.bytesDone / elapsedSeconds : 0;
    const eta = rate > 0 ? (e.bytesTotal - e.bytesDone) / rate : Infinity;
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    return `${e.phase.padEnd(8)} [${bar}] ${formatBytes(e.bytesDone)} / ${formatBytes(e.bytesTotal)}  ${formatBytes(rate)}/s  ETA ${formatDuration(eta)}`;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}
