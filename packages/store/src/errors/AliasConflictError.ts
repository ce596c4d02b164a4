import { ArcaError } from './ArcaError.js';

export class AliasConflictError extends ArcaError<{ collection: string; alias: string; expected: string | null; actual: string | null }> {
  static readonly code = 'AliasConflict';
  constructor(collection: string, alias: string, expected: string | null, actual: string | null) {
    super(
      AliasConflictError.code,
      `alias ${alias} of ${collection} points at ${actual ?? 'nothing'}, not the expected ${expected ?? 'nothing'}`,
      { collection, alias, expected, actual },
    );
  }
}
