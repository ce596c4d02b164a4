import type { Transport } from './Transport.js';

/** A transport over a fetch function (an injected one, in tests and special setups). */
export function fetchTransport(fetchFn: typeof fetch): Transport {
  return async (method, url, headers, parts, signal) => {
    const body = parts === undefined ? undefined : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const res = await fetchFn(url, { method, headers, body: body as RequestInit['body'], ...(signal ? { signal } : {}) });
    const empty: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };
    return {
      status: res.status,
      body: (res.body as unknown as AsyncIterable<Uint8Array> | null) ?? empty,
      bytes: async () => Buffer.from(await res.arrayBuffer()),
      discard: () => void res.body?.cancel().catch(() => {}),
    };
  };
}
