import { ArcaError } from '@arca/store';

/** A webhook URL whose host is (or resolves to) an address webhooks may not reach. */
export class TargetRefusedError extends ArcaError<{ url: string; address: string; reason: string }> {
  static readonly code = 'TargetRefused';
  constructor(url: string, address: string, reason: string) {
    super(TargetRefusedError.code, `webhook target ${url} refused: ${address ? `${address} is ` : ''}${reason}`, { url, address, reason });
  }
}
