import { expireVersions, type Store } from '@arca/store';

/** How often the server applies retention by default: expiry is a day-scale matter, ten minutes late is fine. */
export const DEFAULT_RETENTION_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Applies retention now and then every `intervalMs` (expireVersions); returns
 * the stop function. Expired versions' objects are left to garbage collection.
 * Failures are reported and retried at the next tick, never thrown.
 */
export function startRetentionTimer(store: Store, intervalMs: number, logError: (err: unknown) => void): () => void {
  const tick = () => {
    try {
      expireVersions(store);
    } catch (err) {
      logError(err);
    }
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
