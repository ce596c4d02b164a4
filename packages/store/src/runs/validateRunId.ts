import { InvalidNameError } from '../errors/InvalidNameError.js';

const RUN_ID = /^[0-9a-z]{8}$/;

/** Throws InvalidNameError unless `id` is a run id as the server assigns them. */
export function validateRunId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !RUN_ID.test(id)) throw new InvalidNameError('run', String(id), 'a run id is 8 characters of 0-9 and a-z');
}
