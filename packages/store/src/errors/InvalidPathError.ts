import { ArcaError } from './ArcaError.js';

export class InvalidPathError extends ArcaError<{ path: string; reason: string }> {
  static readonly code = 'InvalidPath';
  constructor(path: string, reason: string) {
    super(InvalidPathError.code, `invalid artifact path ${JSON.stringify(path)}: ${reason}`, { path, reason });
  }
}
