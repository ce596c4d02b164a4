/**
 * One HTTP exchange as the engine needs it, over node:http or over a fetch
 * function. Every response must be read to the end or discarded: a keep-alive
 * socket is only reused once its response body is consumed, and an abandoned
 * body would hold its socket until the server's idle timeout.
 */
export interface TransportResponse {
  status: number;
  /** The body, streamed; read it once, by iterating or by bytes(). */
  body: AsyncIterable<Uint8Array>;
  bytes(): Promise<Buffer>;
  /** Abandons an unread or half-read body; the connection is closed rather than left occupied. */
  discard(): void;
}

export type Transport = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body: readonly Uint8Array[] | undefined,
  /** Aborting it fails the request, or cuts off the body being read, and closes the connection. */
  signal?: AbortSignal,
  /**
   * Fails the request, or cuts off its body, once its connection has neither
   * sent nor received a byte for this long (a stalled server or proxy would
   * otherwise hold it forever). Absent: no limit. A fetch transport ignores it.
   */
  idleTimeoutMs?: number,
) => Promise<TransportResponse>;

/** The error of a request whose connection stayed silent for `idleTimeoutMs`. */
export class IdleTimeoutError extends Error {
  constructor(ms: number) {
    super(`no data sent or received for ${ms} ms`);
  }
}
