import { loopbackProxy } from './loopbackProxy.js';

/**
 * A TCP proxy on loopback that passes requests through but stops passing answers
 * once `budget` bytes of them went by, holding every connection open: a server
 * that stalls mid-transfer, at a point a test chooses by bytes, not by timing.
 */
export async function stallingProxy(target: string, budget: number): Promise<{ url: string; close(): Promise<void> }> {
  let left = budget;
  return loopbackProxy(target, (client, upstream) => {
    client.pipe(upstream);
    upstream.on('data', (piece: Buffer) => {
      if (left <= 0) return;
      const passed = piece.subarray(0, left);
      left -= passed.length;
      client.write(passed);
    });
  });
}
