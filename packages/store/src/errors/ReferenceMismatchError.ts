import { ArcaError } from './ArcaError.js';

/** A reference entry's bytes are not what was recorded (size, checksum or ETag); nothing was written. */
export class ReferenceMismatchError extends ArcaError<{ path: string; uri: string; check: 'size' | 'checksum' | 'etag'; expected: string; actual: string }> {
  static readonly code = 'ReferenceMismatch';
  constructor(path: string, uri: string, check: 'size' | 'checksum' | 'etag', expected: string, actual: string) {
    super(ReferenceMismatchError.code, `${path} (${uri}): ${check} is ${actual}, recorded ${expected}; not written`, { path, uri, check, expected, actual });
  }
}
