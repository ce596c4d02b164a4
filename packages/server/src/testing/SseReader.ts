import { TEST_ADMIN_KEY } from './useTestServer.js';
/** One parsed Server-Sent Events frame (comments are kept to check heartbeats). */
export interface SseFrame {
  id?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

/**
 * Reads an SSE answer frame by frame, for tests that pin the wire format.
 * `next()` waits for the next complete frame (or rejects after `timeoutMs`).
 */
export class SseReader {
  private buffer = '';
  private readonly frames: SseFrame[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;

  private constructor(readonly response: Response, private readonly controller: AbortController) {
    void this.read();
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const controller = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${TEST_ADMIN_KEY}`, ...headers }, signal: controller.signal });
    return new SseReader(res, controller);
  }

  async next(timeoutMs = 5000): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.ended) throw new Error('stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return this.frames.shift()!;
  }

  /** The next frame that carries data, parsed; heartbeats and `retry:` frames are skipped. */
  async nextEvent<T = Record<string, unknown>>(timeoutMs = 5000): Promise<T & { id: number }> {
    for (;;) {
      const f = await this.next(timeoutMs);
      if (f.data !== undefined) {
        const body = JSON.parse(f.data) as T & { id: number };
        if (String(body.id) !== f.id) throw new Error(`frame id ${f.id} differs from body id ${body.id}`);
        return body;
      }
    }
  }

  /** Frames already received and not yet taken. */
  pending(): number {
    return this.frames.length;
  }

  close(): void {
    this.controller.abort();
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
        this.buffer += decoder.decode(chunk, { stream: true });
        for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const f: SseFrame = { comments: [] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) f.comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              const field = line.slice(0, colon);
              const value = line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id' || field === 'data' || field === 'retry') f[field] = value;
            }
          }
          this.frames.push(f);
        }
        this.waiter?.();
      }
    } catch {
      // aborted by close() or cut by the server: both end the stream
    }
    this.ended = true;
    this.waiter?.();
  }
}
