import type { Response } from 'express';

/**
 * Object transfers hold memory while their bytes wait: a download's buffer (up
 * to 64 MiB, and its packs open) until the client reads it, an upload's frames
 * until the client sends the rest. Node's server has no idle timeout of its own
 * (`server.timeout` is 0) and its request timeout is 30 minutes, so a client
 * that stops reading or sending is cut once its socket has been silent for `ms`.
 * The keep-alive timeout takes over again once the answer is sent.
 */
export function cutStalledTransfer(res: Response, ms: number): void {
  if (ms > 0) res.setTimeout(ms, () => res.destroy());
}
