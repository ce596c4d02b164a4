import { ArcaError } from '@arca/store';

export class PayloadTooLargeError extends ArcaError<{ limit: number }> {
  static readonly code = 'PayloadTooLarge';
  constructor(limit: number) {
    super(PayloadTooLargeError.code, `request body is larger than this route's limit of ${limit} bytes`, { limit });
  }
}
