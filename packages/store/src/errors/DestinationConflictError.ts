import { ArcaError } from './ArcaError.js';

export interface DestinationConflict {
  /** The artifact path whose destination is in the way (`''`: the target folder itself). */
  path: string;
  reason: string;
}

/**
 * A download would replace or pass through something in the target folder that
 * it must not touch: a folder where a file goes, a file where a folder goes, or
 * a file with content that exists nowhere else (changed after a pull, or never
 * pulled). Raised before anything is written.
 */
export class DestinationConflictError extends ArcaError<{ dir: string; conflicts: DestinationConflict[]; count: number }> {
  static readonly code = 'DestinationConflict';
  constructor(dir: string, conflicts: DestinationConflict[]) {
    const first = conflicts[0]!;
    const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : '';
    super(DestinationConflictError.code, `${dir}: ${first.path === '' ? 'the target' : first.path} ${first.reason}${more}`, {
      dir,
      conflicts: conflicts.slice(0, 100),
      count: conflicts.length,
    });
  }
}
