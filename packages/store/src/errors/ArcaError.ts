/**
 * Base of every error Arca raises on purpose. Callers branch on `code` and read
 * `data`; the message is for people only and may change.
 */
export class ArcaError<Data extends Record<string, unknown> = Record<string, unknown>> extends Error {
  readonly code: string;
  readonly data: Data;

  constructor(code: string, message: string, data: Data) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.data = data;
  }

  toJSON(): { code: string; message: string; data: Data } {
    return { code: this.code, message: this.message, data: this.data };
  }
}
