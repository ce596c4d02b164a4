import { InvalidArgumentError } from '@arca/store';

/** The optional `?reason=` of a DELETE (which has no body), checked like a body's `reason`. */
export function queryReason(query: Record<string, unknown>): string | undefined {
  const { reason } = query;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || Buffer.byteLength(reason) > 4096) {
    throw new InvalidArgumentError('reason', 'must be one string of at most 4096 bytes');
  }
  return reason;
}
