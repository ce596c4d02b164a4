import { ArcaError } from '@arca/store';

/** The body is not in a form this route reads: `header` (Content-Type or Content-Encoding) should be `expected`. */
export class UnsupportedMediaTypeError extends ArcaError<{ header: string; expected: string; got: string | null }> {
  static readonly code = 'UnsupportedMediaType';
  constructor(expected: string, got: string | null, header = 'Content-Type') {
    super(UnsupportedMediaTypeError.code, `send the body with ${header}: ${expected}${got === null ? ` (no ${header} was given)` : `, not ${got}`}`, { header, expected, got });
  }
}
