import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

// "/" groups keys as W&B users write them (train/loss); "," stays free to list keys in a query.
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/;

/** Throws unless `key` is a metric or summary key. */
export function validateMetricKey(key: unknown, argument: string): asserts key is string {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new InvalidArgumentError(argument, `key ${JSON.stringify(key)}: letters, digits, "_", ".", "/" and "-", 1 to 128 characters`);
  }
  // A summary is a plain JavaScript object: this key would set its prototype, not a value, and vanish from it.
  if (key === '__proto__') throw new InvalidArgumentError(argument, `key ${JSON.stringify(key)} is reserved`);
}
