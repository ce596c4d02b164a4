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
    this.stream.write('\r' + this.render(e, (now - this.phaseStarted.get(e.phase)!) / 1000, this.stream.columns) + '\x1b[K');
  }

  /**
   * The line for `e`, at most `columns - 1` characters wide: a line that reaches
   * the last column wraps, and '\r' then returns only to the start of its last
   * row, leaving one stale row per redraw. Narrow terminals lose the bar first,
   * then the rate, then the byte counts.
   */
  render(e: ProgressEvent, elapsedSeconds: number, columns?: number): string {
    const fraction = e.bytesTotal > 0 ? Math.min(1, e.bytesDone / e.bytesTotal) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const rate = elapsedSeconds > 0 ? e.bytesDone / elapsedSeconds : 0;
    const eta = rate > 0 ? (e.bytesTotal - e.bytesDone) / rate : Infinity;
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    const bytes = `${formatBytes(e.bytesDone)} / ${formatBytes(e.bytesTotal)}`;
    const speed = `${formatBytes(rate)}/s`;
    const etaText = `ETA ${formatDuration(eta)}`;
    const full = `${e.phase.padEnd(8)} [${bar}] ${bytes}  ${speed}  ${etaText}`;
    if (columns === undefined || !(columns > 0)) return full;
    const max = columns - 1;
    const percent = `${Math.floor(fraction * 100)}%`;
    const candidates = [full, `${e.phase} ${bytes}  ${speed}  ${etaText}`, `${e.phase} ${bytes}  ${etaText}`, `${e.phase} ${percent} ${etaText}`, `${percent} ${etaText}`];
    return candidates.find((c) => c.length <= max) ?? candidates.at(-1)!.slice(0, Math.max(0, max));
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
