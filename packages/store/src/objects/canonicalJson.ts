import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/**
 * JSON with object keys sorted (by UTF-16 code unit, as JS sorts) and no
 * whitespace, so equal values always give equal bytes. Rejects what JSON cannot
 * round-trip (undefined, functions, non-finite numbers).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidArgumentError('value', `${value} is not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        parts.push(JSON.stringify(k) + ':' + canonicalJson(v));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw new InvalidArgumentError('value', `${typeof value} cannot be stored as JSON`);
  }
}
