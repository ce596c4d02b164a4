import type { Socket } from 'node:net';

/** Body bytes queued before the socket is paused. */
const HIGH_WATER = 4 * 1024 * 1024;

/**
 * A response body read straight off a socket: the pieces are the socket's own
 * buffers (or views of them), queued until the consumer asks, with the socket
 * paused while more than HIGH_WATER bytes wait.
 */
export class SocketBody implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly socket: Socket) {}

  push(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.queue.push(piece);
    this.queued += piece.length;
    if (this.queued > HIGH_WATER) this.socket.pause();
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(err: Error): void {
    this.error ??= err;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const piece = this.queue.shift();
      if (piece !== undefined) {
        this.queued -= piece.length;
        if (this.queued <= HIGH_WATER && !this.ended) this.socket.resume();
        yield piece;
        continue;
      }
      if (this.error) throw this.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
