import { ArcaError } from '@arca/store';

/** The client went away mid-upload; nothing is stored and there is nobody left to answer. */
export class RequestAbortedError extends ArcaError<{ reason: string }> {
  static readonly code = 'InvalidArgument';
  constructor() {
    super(RequestAbortedError.code, 'request body ended early: the client aborted', { reason: 'aborted' });
  }
}
