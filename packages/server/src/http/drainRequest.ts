import type { Request } from 'express';

/** Past this many unread bytes the client is not worth an answer: the socket is cut instead. */
const MAX_DRAIN = 256 * 1024 * 1024;

/**
 * Reads and discards what is left of a request body, so an error response can
 * be sent on a connection that stays usable (a keep-alive socket with unread
 * body bytes on it cannot carry the next request). A client that keeps sending
 * past MAX_DRAIN is disconnected.
 */
export function drainRequest(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete || req.destroyed) return resolve();
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > MAX_DRAIN) req.socket.destroy();
    };
    const done = () => {
      req.off('data', onData);
      resolve();
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}
