import { ArcaError } from './ArcaError.js';

export class TypeMismatchError extends ArcaError<{ collection: string; expected: string; actual: string }> {
  static readonly code = 'TypeMismatch';
  constructor(collection: string, expected: string, actual: string) {
    super(TypeMismatchError.code, `${collection} holds artifacts of type ${expected}, not ${actual}`, { collection, expected, actual });
  }
}
