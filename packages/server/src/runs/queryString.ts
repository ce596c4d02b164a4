import { InvalidArgumentError } from '@arca/store';

/** One optional query parameter as a string (a repeated parameter is refused, not silently picked). */
export function queryString(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InvalidArgumentError(name, 'give this query parameter once');
  return v;
}
