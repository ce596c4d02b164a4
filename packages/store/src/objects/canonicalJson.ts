import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/**
 * JSON with object keys sorted (by UTF-16 code unit, as JS sorts) and no
 * whitespace, so equal values always give equal bytes. Rejects what JSON cannot
 * round-trip (undefined, functions, non-finite numbers, non-plain objects).
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
      // Array.from visits holes as undefined, which is refused like any undefined item.
      if (Array.isArray(value)) return '[' + Array.from(value, (v) => canonicalJson(v)).join(',') + ']';
      // Dates, Maps, Buffers, class instances...: Object.keys would silently drop their content.
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new InvalidArgumentError('value', `${(value as object).constructor?.name ?? 'object'} is not a plain object`);
      }
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
