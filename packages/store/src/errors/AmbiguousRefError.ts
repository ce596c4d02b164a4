import { ArcaError } from './ArcaError.js';

export class AmbiguousRefError extends ArcaError<{ ref: string; matches: string[] }> {
  static readonly code = 'AmbiguousRef';
  constructor(ref: string, matches: string[]) {
    super(AmbiguousRefError.code, `${ref} matches ${matches.length} versions; give more digits`, { ref, matches });
  }
}
