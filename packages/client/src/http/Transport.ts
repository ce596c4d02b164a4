/** One HTTP exchange as the engine needs it; implemented over node:http or over a fetch function. */
export interface TransportResponse {
  status: number;
  /** The body, streamed; read it once, by iterating or by bytes(). */
  body: AsyncIterable<Uint8Array>;
  bytes(): Promise<Buffer>;
}

export type Transport = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body: readonly Uint8Array[] | undefined,
) => Promise<TransportResponse>;
