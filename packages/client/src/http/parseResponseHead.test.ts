import { describe, expect, it } from 'vitest';
import { parseResponseHead } from './parseResponseHead.js';

describe('parseResponseHead', () => {
  it('reads the status, the headers (lower-case, repeats joined) and a content-length', () => {
    const head = parseResponseHead('HTTP/1.1 200 OK\r\nContent-Length: 12\r\nX-A: 1\r\nx-a: 2', 'GET');
    expect(head.status).toBe(200);
    expect(head.headers.get('x-a')).toBe('1, 2');
    expect(head.framing).toEqual({ kind: 'length', length: 12 });
    expect(head.keepAlive).toBe(true);
  });

  it('frames a body by chunked encoding before content-length, and by the connection closing without either', () => {
    expect(parseResponseHead('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3', 'GET').framing).toEqual({ kind: 'chunked' });
    expect(parseResponseHead('HTTP/1.1 200 OK', 'GET')).toMatchObject({ framing: { kind: 'close' }, keepAlive: false });
  });

  it('knows the answers that have no body', () => {
    expect(parseResponseHead('HTTP/1.1 204 No Content', 'DELETE').framing).toEqual({ kind: 'length', length: 0 });
    expect(parseResponseHead('HTTP/1.1 304 Not Modified', 'GET').framing).toEqual({ kind: 'length', length: 0 });
    expect(parseResponseHead('HTTP/1.1 200 OK\r\ncontent-length: 99', 'HEAD').framing).toEqual({ kind: 'length', length: 0 });
  });

  it('keeps a connection open unless told otherwise (HTTP/1.1), and closes it unless told otherwise (HTTP/1.0)', () => {
    expect(parseResponseHead('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0', 'GET').keepAlive).toBe(false);
    expect(parseResponseHead('HTTP/1.0 200 OK\r\ncontent-length: 0', 'GET').keepAlive).toBe(false);
    expect(parseResponseHead('HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0', 'GET').keepAlive).toBe(true);
  });

  it('refuses what it cannot frame safely', () => {
    expect(() => parseResponseHead('HTTP/2 200', 'GET')).toThrow(/status line/);
    expect(() => parseResponseHead('HTTP/1.1 200 OK\r\nno colon here', 'GET')).toThrow(/header line/);
    expect(() => parseResponseHead('HTTP/1.1 200 OK\r\ncontent-length: 3, 4', 'GET')).toThrow(/content-length/);
    expect(() => parseResponseHead('HTTP/1.1 200 OK\r\ncontent-length: -1', 'GET')).toThrow(/content-length/);
    expect(() => parseResponseHead('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip', 'GET')).toThrow(/transfer-encoding/);
  });
});
