import { ArcaError } from './ArcaError.js';

export class AlreadyExistsError extends ArcaError<{ kind: string; name: string }> {
  static readonly code = 'AlreadyExists';
  constructor(kind: string, name: string) {
    super(AlreadyExistsError.code, `${kind} already exists: ${name}`, { kind, name });
  }
}
