import { InvalidArgumentError } from '@arca/store';
import { queryString } from './queryString.js';

/** An optional whole-number query parameter, digits only (no signs, exponents or spaces). */
export function queryInteger(query: Record<string, unknown>, name: string): number | undefined {
  const v = queryString(query, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,16}$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(name, 'a whole number');
  return Number(v);
}
