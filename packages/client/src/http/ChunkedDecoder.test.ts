import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from './ChunkedDecoder.js';

const encoded = Buffer.from('5;ext=1\r\nhello\r\n1\r\n \r\nB\r\nworld, once\r\n0\r\nx-trailer: yes\r\n\r\nNEXT');

/** Decodes `bytes` cut into pieces of `size`, returning the data and the bytes left over after the body. */
function decode(bytes: Buffer, size: number): { data: string; rest: string } {
  const d = new ChunkedDecoder();
  const data: Uint8Array[] = [];
  let rest = '';
  for (let off = 0; off < bytes.length; off += size) {
    const piece = bytes.subarray(off, off + size);
    if (d.done) {
      rest += piece.toString();
      continue;
    }
    const out = d.push(piece);
    data.push(...out.data);
    rest += piece.subarray(out.used).toString();
  }
  expect(d.done).toBe(true);
  return { data: Buffer.concat(data).toString(), rest };
}

describe('ChunkedDecoder', () => {
  it('decodes the same body, and stops at its end, however the bytes are cut', () => {
    for (const size of [1, 2, 3, 7, 16, encoded.length]) {
      expect(decode(encoded, size)).toEqual({ data: 'hello world, once', rest: 'NEXT' });
    }
  });

  it('hands over views of the piece, not copies', () => {
    const piece = Buffer.from('4\r\nabcd\r\n0\r\n\r\n');
    const { data, used } = new ChunkedDecoder().push(piece);
    expect(used).toBe(piece.length);
    expect(data).toHaveLength(1);
    expect(data[0]!.buffer).toBe(piece.buffer);
  });

  it('refuses a bad size line, data without its CRLF and endless lines', () => {
    expect(() => new ChunkedDecoder().push(Buffer.from('zz\r\n'))).toThrow(/bad chunk size/);
    expect(() => new ChunkedDecoder().push(Buffer.from('2\r\nabX\r\n'))).toThrow(/missing CRLF/);
    expect(() => new ChunkedDecoder().push(Buffer.alloc(9000, 0x31))).toThrow(/line too long/);
  });
});
