import { ArcaError } from '@arca/store';

export class UnsupportedMediaTypeError extends ArcaError<{ expected: string; got: string | null }> {
  static readonly code = 'UnsupportedMediaType';
  constructor(expected: string, got: string | null) {
    super(UnsupportedMediaTypeError.code, `send the body as Content-Type: ${expected}${got === null ? ' (none was given)' : `, not ${got}`}`, { expected, got });
  }
}
