import { ArcaError } from './ArcaError.js';

export class InvalidArgumentError extends ArcaError<{ argument: string; reason: string }> {
  static readonly code = 'InvalidArgument';
  constructor(argument: string, reason: string) {
    super(InvalidArgumentError.code, `invalid ${argument}: ${reason}`, { argument, reason });
  }
}
