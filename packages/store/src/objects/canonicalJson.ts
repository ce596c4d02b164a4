import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/** Deeper values are refused: encoding recurses, and no metadata needs more. */
export const MAX_JSON_DEPTH = 100;

/**
 * JSON with object keys sorted (by UTF-16 code unit, as JS sorts) and no
 * whitespace, so equal values always give equal bytes. Rejects what JSON cannot
 * round-trip (undefined, functions, non-finite numbers, non-plain objects) and
 * nesting deeper than MAX_JSON_DEPTH, as InvalidArgument of `argument`, with
 * the place inside the value in the reason (`metadata.loss[2]`).
 */
export function canonicalJson(value: unknown, argument = 'value', maxDepth = MAX_JSON_DEPTH): string {
  return encode(value, argument, { up: null, key: argument }, maxDepth);
}

/**
 * Where a value sits inside the one being encoded, spelled out only for an
 * error: building `metadata.loss[2]` for every value cost a tree of 1,781 chunks
 * about as much as the encoding itself.
 */
interface Place {
  up: Place | null;
  key: string | number;
}

function spell(place: Place): string {
  const keys: (string | number)[] = [];
  for (let p: Place | null = place; p; p = p.up) keys.push(p.key);
  let out = String(keys.pop());
  while (keys.length > 0) {
    const k = keys.pop()!;
    out += typeof k === 'number' ? `[${k}]` : `.${k}`;
  }
  return out;
}

function encode(value: unknown, argument: string, at: Place, depthLeft: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidArgumentError(argument, `${spell(at)}: ${value} is not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (depthLeft === 0) throw new InvalidArgumentError(argument, `${spell(at)}: nested too deeply (at most ${MAX_JSON_DEPTH} levels)`);
      // Array.from visits holes as undefined, which is refused like any undefined item.
      if (Array.isArray(value)) return '[' + Array.from(value, (v, i) => encode(v, argument, { up: at, key: i }, depthLeft - 1)).join(',') + ']';
      // Dates, Maps, Buffers, class instances...: Object.keys would silently drop their content.
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new InvalidArgumentError(argument, `${spell(at)}: ${(value as object).constructor?.name ?? 'object'} is not a plain object`);
      }
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        parts.push(JSON.stringify(k) + ':' + encode(v, argument, { up: at, key: k }, depthLeft - 1));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw new InvalidArgumentError(argument, `${spell(at)}: ${typeof value} cannot be stored as JSON`);
  }
}
