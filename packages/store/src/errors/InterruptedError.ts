import { ArcaError } from './ArcaError.js';

/**
 * The caller stopped the operation (an AbortSignal; the CLI's Ctrl-C). Whatever it
 * had written is cleaned up or kept where a retry resumes from it (`data.resume`).
 */
export class InterruptedError extends ArcaError<{ operation: string; resume: string }> {
  static readonly code = 'Interrupted';
  constructor(operation: string, resume: string) {
    super(InterruptedError.code, `${operation} interrupted; ${resume}`, { operation, resume });
  }
}
