import { InvalidArgumentError, runLimits, validateMetricKey, type MetricRow, type RunInfo, type RunState, type VersionInfo } from '@arca/store/pure';
import { checkUsedType } from './checkUsedType.js';
import type { LogArtifactOptions, LogArtifactResult, UsedArtifact } from '../types.js';
import type { RunsApi } from './RunsApi.js';

/** What a Run needs of the client that made it. */
export interface RunHost {
  readonly runs: RunsApi;
  resolve(ref: string): Promise<VersionInfo>;
  useArtifact(ref: string): Promise<UsedArtifact>;
  logArtifact(opts: LogArtifactOptions): Promise<LogArtifactResult>;
}

export interface RunBufferOptions {
  /** Rows held before a flush starts; default 1 000. */
  flushRows?: number;
  /** A buffered row is sent at most this long after it was logged; default 2 000 ms. */
  flushIntervalMs?: number;
}

/** Bytes of JSON per metrics request, well under the server's 8 MiB body limit. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * A run as a training script holds it, as W&B's `wandb.init()` returns it.
 * `log` only buffers (a training loop must not wait on the network); rows go
 * out in batches, one request each, in order, when `flushRows` are held, after
 * `flushIntervalMs`, or on `flush()` and `finish()`. Steps are assigned here
 * (one past the last, unless given), so a batch resent after a lost answer
 * replaces itself instead of adding rows. A failed flush keeps its rows for
 * the next one and its error is thrown by the next `log`, `flush` or `finish`.
 */
export class Run {
  info: RunInfo;
  private readonly buffer: MetricRow[] = [];
  private nextStep: number;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private readonly flushRows: number;
  private readonly flushIntervalMs: number;

  constructor(
    private readonly host: RunHost,
    info: RunInfo,
    opts: RunBufferOptions = {},
  ) {
    this.info = info;
    this.nextStep = info.lastStep === null ? 0 : info.lastStep + 1;
    this.flushRows = Math.max(1, Math.min(opts.flushRows ?? 1000, runLimits.maxRowsPerAppend));
    this.flushIntervalMs = opts.flushIntervalMs ?? 2000;
  }

  /** `entity/project/id` */
  get path(): string {
    return this.info.path;
  }

  get id(): string {
    return this.info.id;
  }

  /** Buffers one row of numeric values at `step` (default: one past the last step logged). */
  log(values: Record<string, number>, step?: number): void {
    this.throwFailure();
    if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new InvalidArgumentError('values', 'must be an object of numbers');
    const keys = Object.keys(values);
    if (keys.length === 0 || keys.length > runLimits.maxKeysPerRow) throw new InvalidArgumentError('values', `1 to ${runLimits.maxKeysPerRow} keys`);
    for (const k of keys) {
      validateMetricKey(k, 'values');
      if (typeof values[k] !== 'number' || !Number.isFinite(values[k])) throw new InvalidArgumentError(`values.${k}`, 'must be a finite number');
    }
    if (step !== undefined && (!Number.isSafeInteger(step) || step < 0)) throw new InvalidArgumentError('step', 'a whole number from 0 to 2^53-1');
    const s = step ?? this.nextStep;
    if (s >= this.nextStep) this.nextStep = s + 1;
    this.buffer.push({ step: s, time: Date.now(), values: { ...values } });
    if (this.buffer.length >= this.flushRows) void this.startFlush();
    else this.timer ??= setTimeout(() => void this.startFlush(), this.flushIntervalMs).unref();
  }

  /** Sends every buffered row; rejects with the failure of a flush, if one failed. */
  async flush(): Promise<void> {
    while (this.flushing || this.buffer.length > 0) {
      await (this.flushing ?? this.startFlush());
      this.throwFailure();
    }
    this.throwFailure();
  }

  /**
   * Records the version `ref` names now as an input of this run, and returns it pinned
   * (download what was recorded). With `type`, a collection of another type is
   * TypeMismatch and nothing is recorded (a collection's type never changes).
   */
  async useArtifact(ref: string, opts: { type?: string } = {}): Promise<UsedArtifact> {
    if (opts.type !== undefined) checkUsedType(await this.host.resolve(ref), opts.type);
    const { version } = await this.host.runs.recordInput(this.path, ref);
    return this.host.useArtifact(`${version.collection}@${version.digest}`);
  }

  /** Logs files as a version produced by this run (its output). */
  async logArtifact(opts: Omit<LogArtifactOptions, 'run'>): Promise<LogArtifactResult> {
    return this.host.logArtifact({ ...opts, run: this.path });
  }

  /** Summary overrides (W&B's `run.summary[k] = v`); `null` brings back the metric's last value. */
  async setSummary(values: Record<string, unknown>): Promise<RunInfo> {
    await this.flush();
    return (this.info = await this.host.runs.setSummary(this.path, values));
  }

  /** Flushes, then ends the run (default `finished`). */
  async finish(state: Exclude<RunState, 'running'> = 'finished', summary?: Record<string, unknown>): Promise<RunInfo> {
    await this.flush();
    return (this.info = await this.host.runs.finish(this.path, { state, ...(summary !== undefined ? { summary } : {}) }));
  }

  private throwFailure(): void {
    if (this.failure === undefined) return;
    const err = this.failure;
    this.failure = undefined;
    throw err;
  }

  private startFlush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0 || this.failure !== undefined) return Promise.resolve();
    let bytes = 0;
    let n = 0;
    while (n < this.buffer.length && n < runLimits.maxRowsPerAppend) {
      bytes += JSON.stringify(this.buffer[n]).length + 1;
      if (n > 0 && bytes > MAX_REQUEST_BYTES) break;
      n++;
    }
    const batch = this.buffer.splice(0, n);
    this.flushing = this.host.runs
      .appendMetrics(this.path, batch)
      .then(
        (r) => {
          // The answer's lastStep is the batch's last row's step, not its highest.
          const highest = batch.reduce((m, row) => Math.max(m, row.step ?? r.lastStep), r.lastStep);
          if (this.info.lastStep === null || highest > this.info.lastStep) this.info = { ...this.info, lastStep: highest };
        },
        (err: unknown) => {
          // Back in front, in order: the next flush resends them with the same steps.
          this.buffer.unshift(...batch);
          this.failure = err;
        },
      )
      .finally(() => {
        this.flushing = undefined;
        // Rows logged while this batch was in flight.
        if (this.failure === undefined && this.buffer.length >= this.flushRows) void this.startFlush();
        else if (this.failure === undefined && this.buffer.length > 0) this.timer ??= setTimeout(() => void this.startFlush(), this.flushIntervalMs).unref();
      });
    return this.flushing;
  }
}
