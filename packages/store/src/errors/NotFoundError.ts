import { ArcaError } from './ArcaError.js';

export class NotFoundError extends ArcaError<{ kind: string; name: string }> {
  static readonly code = 'NotFound';
  constructor(kind: string, name: string) {
    super(NotFoundError.code, `${kind} not found: ${name}`, { kind, name });
  }
}
