import { InvalidArgumentError } from '@arca/store/pure';

/**
 * Refuses numbers JSON cannot carry (NaN, ±Infinity) anywhere in summary values:
 * JSON.stringify would send them as null, which the server reads as "remove this override".
 */
export function checkSummaryValues(summary: Record<string, unknown>): void {
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new InvalidArgumentError(at, 'must be a finite number (JSON has no NaN or Infinity)');
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  if (summary !== null && typeof summary === 'object') for (const [k, v] of Object.entries(summary)) walk(v, `summary.${k}`);
}
