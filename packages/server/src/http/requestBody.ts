import type { Request } from 'express';
import { PayloadTooLargeError } from './PayloadTooLargeError.js';
import { RequestAbortedError } from './RequestAbortedError.js';
import { UnsupportedMediaTypeError } from './UnsupportedMediaTypeError.js';

/** Bytes read ahead of the consumer before the socket is paused (backpressure). */
const HIGH_WATER = 1024 * 1024;

/**
 * The request body, at most `limit` bytes, as groups of the socket's own
 * buffers: each group is what arrived while the consumer was busy.
 *
 * Not `for await (… of req)`: leaving such a loop early destroys the request,
 * and with it the socket, before an error response can be written; here the
 * caller can stop, drain the rest (drainRequest) and still answer. And not a
 * PassThrough: a group is handed over at once, so a large upload costs one
 * `writev` per ~1 MiB instead of a write per 64 KiB socket read, and the bytes
 * are never joined into new buffers (a copy of every byte, and garbage that
 * cost the server more in collection than the copy itself). A client
 * that hangs up ends the stream with RequestAbortedError instead of leaving it
 * open forever.
 */
export async function* requestBody(req: Request, limit: number): AsyncGenerator<Buffer[]> {
  // Bytes are checked against their digest as they arrive; compressed ones would only fail that check.
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') throw new UnsupportedMediaTypeError('identity', encoding, 'Content-Encoding');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = req.readableEnded;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= HIGH_WATER) req.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onGone = () => {
    if (!req.complete) failed ??= new RequestAbortedError();
    notify();
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onGone);
  req.on('error', onGone);
  try {
    let size = 0;
    for (;;) {
      if (queued === 0) {
        if (ended) return;
        if (failed) throw failed;
        req.resume();
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const pieces = queue.splice(0);
      size += queued;
      queued = 0;
      if (size > limit) throw new PayloadTooLargeError(limit);
      yield pieces;
    }
  } finally {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onGone);
    req.off('error', onGone);
    req.pause();
  }
}
