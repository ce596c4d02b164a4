import { ArcaError } from '@arca/store/pure';

/** A request that got no HTTP answer (refused, reset, DNS, TLS, body cut short). */
export function unreachableError(url: string, cause: unknown): ArcaError<{ url: string; cause: string }> {
  const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  const err = new ArcaError('Unreachable', `cannot reach ${url}: ${reason}`, { url, cause: reason });
  (err as Error).cause = cause;
  return err;
}
