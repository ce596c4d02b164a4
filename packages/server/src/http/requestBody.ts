import type { Request } from 'express';
import { PassThrough } from 'node:stream';
import { PayloadTooLargeError } from './PayloadTooLargeError.js';
import { RequestAbortedError } from './RequestAbortedError.js';

/**
 * The request body as a stream of buffers, at most `limit` bytes. It reads
 * through a PassThrough because leaving a `for await` over the request itself
 * destroys the request, and with it the socket, before an error response can be
 * written; this way the caller can stop early, drain the rest (drainRequest) and
 * still answer. A client that hangs up ends the stream with an error rather
 * than leaving it open forever.
 */
export async function* requestBody(req: Request, limit: number): AsyncGenerator<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  const pass = new PassThrough({ highWaterMark: 1024 * 1024 });
  const onClose = () => {
    if (!req.complete) pass.destroy(new RequestAbortedError());
  };
  req.once('close', onClose);
  req.pipe(pass);
  try {
    let size = 0;
    for await (const chunk of pass as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new PayloadTooLargeError(limit);
      yield chunk;
    }
  } finally {
    req.off('close', onClose);
    req.unpipe(pass);
  }
}
