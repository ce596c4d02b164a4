import type { Response } from 'express';

/**
 * A download's bytes wait in memory (and its packs stay open) until the client
 * reads them; Node's server has no idle timeout of its own (`server.timeout` is 0).
 * A client that stops reading is cut once its socket has been silent for `ms`,
 * so it cannot hold a 64 MiB buffer forever. The keep-alive timeout takes over
 * again once the answer is sent.
 */
export function cutStalledDownload(res: Response, ms: number): void {
  if (ms > 0) res.setTimeout(ms, () => res.destroy());
}
