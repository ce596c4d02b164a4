import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { Store } from '../Store.js';
import { findRun } from './findRun.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import { runLimits } from './runLimits.js';
import { validateMetricKey } from './validateMetricKey.js';

export interface MetricsQuery {
  /** Default: every key the run has logged. */
  keys?: string[];
  minStep?: number;
  maxStep?: number;
  /** Points per key; default 10 000, at most 100 000. */
  limit?: number;
}

/** One key's points in step order, as columns (a long series is mostly numbers, not field names). */
export interface MetricSeries {
  key: string;
  steps: number[];
  times: number[];
  values: number[];
  /** The step to ask from for the rest when the limit cut the series; null when complete. */
  nextStep: number | null;
}

function checkStep(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new InvalidArgumentError(name, 'a whole number from 0 to 2^53-1');
  return v as number;
}

/** The metrics of a run by key, in step order, within `[minStep, maxStep]`. */
export function readMetrics(store: Store, path: RunPath, query: MetricsQuery = {}): MetricSeries[] {
  const minStep = checkStep('minStep', query.minStep) ?? 0;
  const maxStep = checkStep('maxStep', query.maxStep) ?? runLimits.maxStep;
  const limit = query.limit ?? runLimits.defaultPointsPerRead;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > runLimits.maxPointsPerRead) {
    throw new InvalidArgumentError('limit', `a whole number from 1 to ${runLimits.maxPointsPerRead}`);
  }
  if (query.keys !== undefined) {
    if (!Array.isArray(query.keys) || query.keys.length > runLimits.maxKeysPerRow) {
      throw new InvalidArgumentError('keys', `a list of at most ${runLimits.maxKeysPerRow} keys`);
    }
    query.keys.forEach((k) => validateMetricKey(k, 'keys'));
  }
  const runs = RunDb.of(store.refs);
  const run = findRun(store.refs, path);
  const keys = query.keys ? [...new Set(query.keys)] : runs.metricKeys(run.seq);
  return keys.map((key) => {
    // One more than asked says whether there is a rest, without a count query.
    const points = runs.points(run.seq, key, minStep, maxStep, limit + 1);
    const more = points.length > limit;
    if (more) points.length = limit;
    return {
      key,
      steps: points.map((p) => p.step),
      times: points.map((p) => p.time),
      values: points.map((p) => p.value),
      nextStep: more ? points[limit - 1]!.step + 1 : null,
    };
  });
}
