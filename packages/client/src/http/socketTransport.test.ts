import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { socketTransport } from './socketTransport.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A real node:http server on a loopback port; counts the connections it accepted. */
async function httpServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  const connections: net.Socket[] = [];
  server.on('connection', (s) => connections.push(s));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push({ close: () => server.close() && server.closeAllConnections() });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections };
}

/** A bare TCP server answering every request with the given bytes, for answers node:http would not send. */
async function rawServer(answer: (request: string, socket: net.Socket) => void) {
  const server = net.createServer((socket) => {
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) answer(got, socket);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push({ close: () => server.close() });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const p of body) pieces.push(p);
  return Buffer.concat(pieces);
}

describe('socketTransport', () => {
  const big = Buffer.alloc(5 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;

  it('sends method, path, headers and body, and streams a content-length body back exactly', async () => {
    let seen: { method?: string; url?: string; auth?: string; type?: string; body?: string } = {};
    const srv = await httpServer(async (req, res) => {
      seen = { method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body: (await readAll(req)).toString() };
      res.writeHead(200, { 'content-length': big.length }).end(big);
    });
    const transport = socketTransport(4);
    const res = await transport('POST', `${srv.url}/api/v1/objects/fetch?x=1`, { authorization: 'Bearer k', 'content-type': 'application/json' }, [Buffer.from('{"a":'), Buffer.from('1}')]);
    expect(res.status).toBe(200);
    expect((await readAll(res.body)).equals(big)).toBe(true);
    expect(seen).toEqual({ method: 'POST', url: '/api/v1/objects/fetch?x=1', auth: 'Bearer k', type: 'application/json', body: '{"a":1}' });
  });

  it('decodes a chunked body', async () => {
    const srv = await httpServer((_req, res) => {
      res.write(big.subarray(0, 1000));
      res.write(big.subarray(1000, 3_000_000));
      res.end(big.subarray(3_000_000));
    });
    const res = await socketTransport(4)('GET', `${srv.url}/x`, {}, undefined);
    expect((await res.bytes()).equals(big)).toBe(true);
  });

  it('reuses a kept connection for the next request, and opens a new one when the server has closed it', async () => {
    const srv = await httpServer((_req, res) => res.writeHead(200, { 'content-length': 2 }).end('ok'));
    const transport = socketTransport(4);
    for (let i = 0; i < 3; i++) expect((await (await transport('GET', `${srv.url}/x`, {}, undefined)).bytes()).toString()).toBe('ok');
    expect(srv.connections).toHaveLength(1);
    srv.connections[0]!.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await (await transport('GET', `${srv.url}/x`, {}, undefined)).bytes()).toString()).toBe('ok');
    expect(srv.connections).toHaveLength(2);
  });

  it('hands an error status over with its body, on a connection that stays usable', async () => {
    const srv = await httpServer((req, res) => {
      if (req.url === '/missing') res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
      else res.writeHead(204).end();
    });
    const transport = socketTransport(4);
    const res = await transport('GET', `${srv.url}/missing`, {}, undefined);
    expect(res.status).toBe(404);
    expect(JSON.parse((await res.bytes()).toString())).toEqual({ error: { code: 'NotFound' } });
    const empty = await transport('DELETE', `${srv.url}/y`, {}, undefined);
    expect(empty.status).toBe(204);
    expect((await empty.bytes()).length).toBe(0);
    expect(srv.connections).toHaveLength(1);
  });

  it('closes the connection of a discarded body, and the next request gets a new one', async () => {
    const srv = await httpServer((_req, res) => res.writeHead(200, { 'content-length': big.length }).end(big));
    const transport = socketTransport(4);
    const res = await transport('GET', `${srv.url}/x`, {}, undefined);
    for await (const _ of res.body) break;
    res.discard();
    expect((await (await transport('GET', `${srv.url}/x`, {}, undefined)).bytes()).length).toBe(big.length);
    expect(srv.connections).toHaveLength(2);
  });

  it('fails the body, not silently, when the connection breaks off inside it', async () => {
    const url = await rawServer((_req, socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten b');
      setTimeout(() => socket.destroy(), 20);
    });
    const res = await socketTransport(4)('GET', `${url}/x`, {}, undefined);
    await expect(res.bytes()).rejects.toThrow(/closed before the response ended/);
  });

  it('skips an interim 100 answer and reads a body that ends with the connection', async () => {
    const url = await rawServer((_req, socket) => {
      socket.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\nuntil the end');
    });
    const res = await socketTransport(4)('GET', `${url}/x`, {}, undefined);
    expect(res.status).toBe(200);
    expect((await res.bytes()).toString()).toBe('until the end');
  });

  it('refuses a malformed answer, a connection refused and a header that could start another', async () => {
    const url = await rawServer((_req, socket) => socket.end('SMTP ready\r\n\r\n'));
    await expect(socketTransport(4)('GET', `${url}/x`, {}, undefined)).rejects.toThrow(/malformed status line/);
    const closed = await rawServer(() => {});
    servers.pop()!.close();
    await expect(socketTransport(4)('GET', `${closed}/x`, {}, undefined)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(socketTransport(4)('GET', `${url}/x`, { authorization: 'Bearer k\r\nx-evil: 1' }, undefined)).rejects.toThrow(/invalid header/);
    await expect(socketTransport(4)('GET', 'https://127.0.0.1:1/x', {}, undefined)).rejects.toThrow(/plain http/);
  });
});
