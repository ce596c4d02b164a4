import { ArcaError } from './ArcaError.js';

export class MissingObjectsError extends ArcaError<{ missing: string[] }> {
  static readonly code = 'MissingObjects';
  constructor(missing: string[]) {
    super(MissingObjectsError.code, `${missing.length} object(s) missing, first ${missing[0]}`, { missing: missing.slice(0, 100) });
  }
}
