import { expect } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';

/** The ArcaError that `promise` rejects with; fails the test if it resolves or rejects with something else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ArcaError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => ({ err }),
  );
  if (!outcome) throw new Error('expected a rejection');
  expect(outcome.err).toBeInstanceOf(ArcaError);
  return outcome.err as ArcaError;
}
