import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { RunNotRunningError } from '../errors/RunNotRunningError.js';
import type { Store } from '../Store.js';
import { findRun } from './findRun.js';
import { formatRunPath } from './formatRunPath.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import { runLimits } from './runLimits.js';
import { validateMetricKey } from './validateMetricKey.js';

/** One logged row: numeric values by key at one step. */
export interface MetricRow {
  /** Omitted: the run's next step (one past the highest so far), assigned under the write lock. */
  step?: number;
  /** Epoch milliseconds; omitted: the server's clock. */
  time?: number;
  values: Record<string, number>;
}

function checkRows(rows: unknown): MetricRow[] {
  if (!Array.isArray(rows) || rows.length === 0) throw new InvalidArgumentError('rows', 'a non-empty array of rows');
  if (rows.length > runLimits.maxRowsPerAppend) throw new InvalidArgumentError('rows', `more than ${runLimits.maxRowsPerAppend} rows`);
  rows.forEach((row: unknown, i) => {
    const at = `rows[${i}]`;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new InvalidArgumentError(at, 'must be a JSON object');
    for (const field of Object.keys(row)) {
      if (field !== 'step' && field !== 'time' && field !== 'values') throw new InvalidArgumentError(`${at}.${field}`, 'unknown field');
    }
    const { step, time, values } = row as Record<string, unknown>;
    if (step !== undefined && (!Number.isSafeInteger(step) || (step as number) < 0)) {
      throw new InvalidArgumentError(`${at}.step`, 'a whole number from 0 to 2^53-1');
    }
    if (time !== undefined && (!Number.isSafeInteger(time) || (time as number) < 0)) {
      throw new InvalidArgumentError(`${at}.time`, 'epoch milliseconds, a whole number');
    }
    if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new InvalidArgumentError(`${at}.values`, 'must be a JSON object');
    const keys = Object.keys(values);
    if (keys.length === 0) throw new InvalidArgumentError(`${at}.values`, 'at least one key');
    if (keys.length > runLimits.maxKeysPerRow) throw new InvalidArgumentError(`${at}.values`, `more than ${runLimits.maxKeysPerRow} keys`);
    for (const k of keys) {
      validateMetricKey(k, `${at}.values`);
      const v = (values as Record<string, unknown>)[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`${at}.values.${k}`, 'must be a finite number');
    }
  });
  return rows as MetricRow[];
}

/**
 * Appends a batch of metric rows to a running run, all or nothing, in one
 * transaction (so one request is one fsync, however many rows it carries). A
 * value sent again for the same key and step replaces the earlier one, so a
 * client may resend a batch whose answer it lost.
 */
export function appendMetrics(store: Store, path: RunPath, rows: unknown): { appended: number; firstStep: number; lastStep: number } {
  const checked = checkRows(rows);
  const runs = RunDb.of(store.refs);
  return store.refs.transaction(() => {
    const run = findRun(store.refs, path);
    if (run.state !== 'running') throw new RunNotRunningError(formatRunPath(run), run.state);
    const now = Date.now();
    let next = run.next_step;
    let firstStep = -1;
    let lastStep = -1;
    // The summary is written once per key per batch, not once per value.
    const last = new Map<string, { step: number; value: number }>();
    for (const [i, row] of checked.entries()) {
      // Past 2^53-1 a next step is not a whole number any more (2^53 + 1 is 2^53): it would
      // overwrite the row before it, beyond every step a read may ask for.
      if (row.step === undefined && !Number.isSafeInteger(next)) {
        throw new InvalidArgumentError(`rows[${i}].step`, 'the run is at step 2^53-1: there is no next step');
      }
      const step = row.step ?? next;
      if (firstStep < 0) firstStep = step;
      lastStep = step;
      if (step >= next) next = step + 1;
      const time = row.time ?? now;
      for (const [k, v] of Object.entries(row.values)) {
        runs.putMetric(run.seq, k, step, time, v);
        const kept = last.get(k);
        // >= : of two values at one step the later one wins, as in the metrics table.
        if (!kept || step >= kept.step) last.set(k, { step, value: v });
      }
    }
    for (const [k, { step, value }] of last) runs.putLastValue(run.seq, k, step, value);
    if (next !== run.next_step) runs.setNextStep(run.seq, next);
    return { appended: checked.length, firstStep, lastStep };
  });
}
