import { ArcaError } from './ArcaError.js';

export class CorruptObjectError extends ArcaError<{ digest: string; reason: string }> {
  static readonly code = 'CorruptObject';
  constructor(digest: string, reason: string) {
    super(CorruptObjectError.code, `object ${digest} is corrupt: ${reason}`, { digest, reason });
  }
}
