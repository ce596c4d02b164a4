import { InvalidArgumentError } from '@arca/store';

/**
 * Typed access to the fields of a JSON request body. Every getter checks the
 * type and names the field when it is wrong; `done()` refuses fields nobody
 * asked for, so a misspelt optional field (`alias` for `aliases`) is an error
 * instead of being silently ignored.
 */
export class BodyFields {
  private readonly body: Record<string, unknown>;
  private readonly seen = new Set<string>();

  constructor(body: unknown) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidArgumentError('body', 'must be a JSON object');
    }
    this.body = body as Record<string, unknown>;
  }

  private take(name: string): unknown {
    this.seen.add(name);
    return Object.hasOwn(this.body, name) ? this.body[name] : undefined;
  }

  string(name: string): string {
    const v = this.take(name);
    if (typeof v !== 'string') throw new InvalidArgumentError(name, v === undefined ? 'required string is missing' : 'must be a string');
    return v;
  }

  optionalString(name: string, maxBytes = Infinity): string | undefined {
    const v = this.take(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new InvalidArgumentError(name, 'must be a string');
    if (Buffer.byteLength(v) > maxBytes) throw new InvalidArgumentError(name, `longer than ${maxBytes} bytes`);
    return v;
  }

  /** A whole number from 0 up to 2^53 - 1. */
  count(name: string): number {
    const v = this.take(name);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new InvalidArgumentError(name, v === undefined ? 'required number is missing' : 'must be a whole number, 0 or more');
    }
    return v;
  }

  /** A string, `null`, or absent (`undefined`); absent and null mean different things for compare-and-swap. */
  optionalNullableString(name: string): string | null | undefined {
    const v = this.take(name);
    if (v === undefined || v === null) return v;
    if (typeof v !== 'string') throw new InvalidArgumentError(name, 'must be a string or null');
    return v;
  }

  /** The field's JSON value as sent (undefined when absent), for callers that validate it themselves. */
  raw(name: string): unknown {
    return this.take(name);
  }

  optionalObject(name: string): Record<string, unknown> | undefined {
    const v = this.take(name);
    if (v === undefined) return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidArgumentError(name, 'must be a JSON object');
    return v as Record<string, unknown>;
  }

  optionalBoolean(name: string): boolean | undefined {
    const v = this.take(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw new InvalidArgumentError(name, 'must be true or false');
    return v;
  }

  /** A finite number in [min, max], or absent. */
  optionalNumber(name: string, min: number, max: number): number | undefined {
    const v = this.take(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new InvalidArgumentError(name, `must be a number from ${min} to ${max}`);
    }
    return v;
  }

  object(name: string): Record<string, unknown> {
    const v = this.optionalObject(name);
    if (v === undefined) throw new InvalidArgumentError(name, 'required object is missing');
    return v;
  }

  /** An array whose items the caller checks (with their index in the error). */
  array(name: string): unknown[] {
    const v = this.take(name);
    if (v === undefined) throw new InvalidArgumentError(name, 'required array is missing');
    if (!Array.isArray(v)) throw new InvalidArgumentError(name, 'must be an array');
    return v;
  }

  stringArray(name: string, maxItems: number): string[] {
    const v = this.take(name);
    if (v === undefined) throw new InvalidArgumentError(name, 'required array is missing');
    return checkStringArray(name, v, maxItems);
  }

  optionalStringArray(name: string, maxItems: number): string[] | undefined {
    const v = this.take(name);
    return v === undefined ? undefined : checkStringArray(name, v, maxItems);
  }

  done(): void {
    for (const key of Object.keys(this.body)) {
      if (!this.seen.has(key)) throw new InvalidArgumentError(key, 'unknown field');
    }
  }
}

function checkStringArray(name: string, v: unknown, maxItems: number): string[] {
  if (!Array.isArray(v)) throw new InvalidArgumentError(name, 'must be an array of strings');
  if (v.length > maxItems) throw new InvalidArgumentError(name, `more than ${maxItems} items`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') throw new InvalidArgumentError(`${name}[${i}]`, 'must be a string');
  }
  return v as string[];
}
