import { expect } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';

/** The ArcaError that `fn` throws; fails the test if it throws nothing or something else. */
export function errorOf(fn: () => unknown): ArcaError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArcaError);
    return err as ArcaError;
  }
  throw new Error('expected a throw');
}
