import { ArcaError } from './ArcaError.js';

/**
 * A user, team or registered model of that name exists already, or (with
 * `requested`) a collection or model whose name differs from the requested one only
 * in case. HTTP 409.
 */
export class AlreadyExistsError extends ArcaError<{ kind: string; name: string; requested?: string }> {
  static readonly code = 'AlreadyExists';
  constructor(kind: string, name: string, requested?: string) {
    super(
      AlreadyExistsError.code,
      requested === undefined
        ? `${kind} already exists: ${name}`
        : `${requested}: ${kind} ${name} exists, and names may not differ only in case; use ${name}`,
      requested === undefined ? { kind, name } : { kind, name, requested },
    );
  }
}
