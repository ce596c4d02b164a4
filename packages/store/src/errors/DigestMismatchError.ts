import { ArcaError } from './ArcaError.js';

export class DigestMismatchError extends ArcaError<{ expected: string; actual: string; what: string }> {
  static readonly code = 'DigestMismatch';
  constructor(what: string, expected: string, actual: string) {
    super(DigestMismatchError.code, `${what}: expected ${expected}, got ${actual}`, { what, expected, actual });
  }
}
