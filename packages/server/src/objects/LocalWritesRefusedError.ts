import { ArcaError } from '@arca/store';

/** A staged pack was offered by a client that may not stage: not on this machine, or local writes are off. HTTP 403. */
export class LocalWritesRefusedError extends ArcaError<{ reason: string }> {
  static readonly code = 'LocalWritesRefused';
  constructor(reason: string) {
    super(LocalWritesRefusedError.code, `local writes refused: ${reason}; upload with POST /objects/batch instead`, { reason });
  }
}
