import { ArcaError } from './ArcaError.js';

/** A reference entry could not be read from its location (missing file, HTTP error, no route). */
export class ReferenceUnavailableError extends ArcaError<{ path: string; uri: string; reason: string }> {
  static readonly code = 'ReferenceUnavailable';
  constructor(path: string, uri: string, reason: string) {
    super(ReferenceUnavailableError.code, `${path}: cannot fetch ${uri}: ${reason}`, { path, uri, reason });
  }
}
