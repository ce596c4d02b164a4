import { ArcaError } from '@arca/store/pure';

/** The command line itself is wrong: exit code 2 and the usage line. */
export class UsageError extends ArcaError<{ usage: string }> {
  static readonly code = 'Usage';
  constructor(message: string, usage: string) {
    super(UsageError.code, message, { usage });
  }
}
