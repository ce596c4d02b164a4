import { ArcaError } from './ArcaError.js';

/** A user, team or registered model of that name exists already. HTTP 409. */
export class AlreadyExistsError extends ArcaError<{ kind: string; name: string }> {
  static readonly code = 'AlreadyExists';
  constructor(kind: string, name: string) {
    super(AlreadyExistsError.code, `${kind} already exists: ${name}`, { kind, name });
  }
}
