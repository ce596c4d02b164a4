import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback that passes requests through but stops passing answers
 * once `budget` bytes of them went by, holding every connection open: a server
 * that stalls mid-transfer, at a point a test chooses by bytes, not by timing.
 */
export async function stallingProxy(target: string, budget: number): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  let left = budget;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.on('data', (piece: Buffer) => {
      if (left <= 0) return;
      const passed = piece.subarray(0, left);
      left -= passed.length;
      client.write(passed);
    });
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
