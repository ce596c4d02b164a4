import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { canonicalJson } from '../objects/canonicalJson.js';
import { runLimits } from './runLimits.js';
import { validateMetricKey } from './validateMetricKey.js';

/**
 * Merges summary overrides into the current ones (`null` removes an override,
 * bringing back the metric's last value) and checks the result's size.
 * Returns the canonical JSON to store.
 */
export function checkSummary(current: string, changes: unknown): string {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) throw new InvalidArgumentError('summary', 'must be a JSON object');
  const merged = JSON.parse(current) as Record<string, unknown>;
  for (const [k, v] of Object.entries(changes)) {
    validateMetricKey(k, 'summary');
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const json = canonicalJson(merged, 'summary');
  if (Buffer.byteLength(json) > runLimits.maxSummaryBytes) throw new InvalidArgumentError('summary', `larger than ${runLimits.maxSummaryBytes / 1024} KiB`);
  return json;
}
