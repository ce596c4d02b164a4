import { ArcaError } from '@arca/store';

export class InvalidJsonError extends ArcaError<{ reason: string }> {
  static readonly code = 'InvalidJson';
  constructor(reason: string) {
    super(InvalidJsonError.code, `request body is not valid JSON: ${reason}`, { reason });
  }
}
