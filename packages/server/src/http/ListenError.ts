import { ArcaError } from '@arca/store';

/** The server could not listen: the address is taken, not ours, or not allowed. */
export class ListenError extends ArcaError<{ host: string; port: number; reason: string }> {
  static readonly code = 'ListenFailed';
  constructor(host: string, port: number, reason: string) {
    super(ListenError.code, `cannot listen on ${host}:${port}: ${reason}`, { host, port, reason });
  }
}
