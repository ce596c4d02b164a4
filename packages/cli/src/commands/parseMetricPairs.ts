import { InvalidArgumentError } from '@arca/store/pure';

/** `key=value` pairs of `arca run log` into numeric values (a metric is a number; anything else is refused). */
export function parseMetricPairs(pairs: string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError('metric', `${JSON.stringify(pair)} is not key=value`);
    const raw = pair.slice(eq + 1).trim();
    const n = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(n)) throw new InvalidArgumentError('metric', `${JSON.stringify(pair)}: the value must be a finite number`);
    values[pair.slice(0, eq)] = n;
  }
  return values;
}
