import { describe, expect, it } from 'vitest';
import { HttpClient } from './HttpClient.js';
import type { Transport, TransportResponse } from './Transport.js';

function answer(status: number, body: string): TransportResponse {
  const bytes = Buffer.from(body);
  return {
    status,
    body: (async function* () {
      yield bytes;
    })(),
    bytes: async () => bytes,
    discard: () => {},
  };
}

/** A transport that records what it was asked and answers from `reply` (which may throw, as a failed connection does). */
function recording(reply: (n: number) => TransportResponse) {
  const calls: { method: string; url: string; headers: Record<string, string> }[] = [];
  const transport: Transport = async (method, url, headers) => {
    calls.push({ method, url, headers });
    return reply(calls.length);
  };
  return { calls, transport };
}

describe('HttpClient', () => {
  it('sends bulk requests over the bulk transport and everything else over the usual one', async () => {
    const usual = recording(() => answer(200, '{"ok":1}'));
    const bulk = recording(() => answer(200, 'bytes'));
    const http = new HttpClient('http://h:1/', 'k', usual.transport, bulk.transport);
    await http.json('POST', '/objects/missing', { json: { digests: [] } });
    await (await http.request('GET', '/objects/b3:00', { bulk: true })).bytes();
    expect(usual.calls.map((c) => c.url)).toEqual(['http://h:1/api/v1/objects/missing']);
    expect(bulk.calls).toEqual([{ method: 'GET', url: 'http://h:1/api/v1/objects/b3:00', headers: { authorization: 'Bearer k' } }]);
  });

  it('falls back to the usual transport for bulk requests when it has no bulk one', async () => {
    const usual = recording(() => answer(200, 'bytes'));
    await new HttpClient('http://h:1', undefined, usual.transport).request('GET', '/objects/b3:00', { bulk: true });
    expect(usual.calls).toHaveLength(1);
  });

  it('retries a bulk request whose connection failed, and never a ref change', async () => {
    const flaky = recording((n) => {
      if (n < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return answer(200, 'bytes');
    });
    const http = new HttpClient('http://h:1', undefined, flaky.transport, flaky.transport);
    expect((await (await http.request('GET', '/objects/b3:00', { bulk: true })).bytes()).toString()).toBe('bytes');
    expect(flaky.calls).toHaveLength(3);

    const once = recording(() => {
      throw new Error('socket hang up');
    });
    await expect(new HttpClient('http://h:1', undefined, once.transport).json('PUT', '/aliases/x', { json: {} })).rejects.toMatchObject({ code: 'Unreachable' });
    expect(once.calls).toHaveLength(1);
  });

  it('turns an error answer into the typed error the server named', async () => {
    const usual = recording(() => answer(404, '{"error":{"code":"NotFound","message":"no such object","data":{"digest":"b3:00"}}}'));
    await expect(new HttpClient('http://h:1', undefined, usual.transport).request('GET', '/objects/b3:00', { bulk: true })).rejects.toMatchObject({
      code: 'NotFound',
      data: { digest: 'b3:00' },
    });
  });
});
