import { ArcaError } from './ArcaError.js';

export class InvalidNameError extends ArcaError<{ kind: string; name: string; reason: string }> {
  static readonly code = 'InvalidName';
  constructor(kind: string, name: string, reason: string) {
    super(InvalidNameError.code, `invalid ${kind} ${JSON.stringify(name)}: ${reason}`, { kind, name, reason });
  }
}
