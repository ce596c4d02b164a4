import { ArcaError } from './ArcaError.js';

/**
 * Rebuilds an error that crossed a process boundary as `{code, message, data}`.
 * The class is not recovered (only `code` matters to callers), so every such
 * error is an ArcaError with the original code and data.
 */
export function errorFromJson(body: unknown, fallbackMessage: string): ArcaError {
  const e = (body as { error?: { code?: unknown; message?: unknown; data?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    const data = e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
    return new ArcaError(e.code, typeof e.message === 'string' ? e.message : fallbackMessage, data);
  }
  return new ArcaError('Unexpected', fallbackMessage, {});
}
