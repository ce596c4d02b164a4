import { ArcaError } from './ArcaError.js';
import { ForbiddenError } from './ForbiddenError.js';
import { NotFoundError } from './NotFoundError.js';
import { UnauthenticatedError } from './UnauthenticatedError.js';

type Data = Record<string, unknown>;

/**
 * The errors a caller most often handles by type (no key, not allowed, not
 * there) come back as their own classes when their data is well formed, so
 * `instanceof ForbiddenError` works on the far side of HTTP too.
 */
const rebuild: Record<string, (d: Data) => ArcaError | undefined> = {
  NotFound: (d) => (typeof d.kind === 'string' && typeof d.name === 'string' ? new NotFoundError(d.kind, d.name) : undefined),
  Unauthenticated: (d) =>
    d.reason === 'missing' || d.reason === 'malformed' || d.reason === 'unknown' || d.reason === 'revoked'
      ? new UnauthenticatedError(d.reason)
      : undefined,
  Forbidden: (d) =>
    typeof d.action === 'string' && typeof d.needed === 'string' && (typeof d.entity === 'string' || d.entity === null)
      ? new ForbiddenError(d.action, d.needed, d.entity)
      : undefined,
};

/**
 * Rebuilds an error that crossed a process boundary as `{code, message, data}`.
 * Every such error is an ArcaError with the original code, message and data;
 * NotFound, Unauthenticated and Forbidden also get their classes back (above).
 */
export function errorFromJson(body: unknown, fallbackMessage: string): ArcaError {
  const e = (body as { error?: { code?: unknown; message?: unknown; data?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    const data = e.data && typeof e.data === 'object' ? (e.data as Data) : {};
    const message = typeof e.message === 'string' ? e.message : fallbackMessage;
    const typed = rebuild[e.code]?.(data);
    if (typed) {
      typed.message = message;
      return typed;
    }
    return new ArcaError(e.code, message, data);
  }
  return new ArcaError('Unexpected', fallbackMessage, {});
}
