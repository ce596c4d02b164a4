import { describe, expect, it } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from './buildTree.js';
import { encodeObject } from './encodeObject.js';
import { parseTree } from './parseTree.js';
import { errorOf } from '../testing/errorOf.js';

const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';
const A = 'b3:17762fddd969a453925d65717ac3eea21320b66b54342fde15128d6caf21215f';

/** Header + given body text, with a correct length: only the body's form varies. */
function withBody(type: string, body: string): Buffer {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`arca-${type} ${b.length}\0`), b]);
}

const entries = [
  { path: 'weights/model.bin', size: 3, digest: EMPTY, chunks: [{ digest: A, size: 1 }, { digest: EMPTY, size: 2 }] },
  { path: 'README.md', size: 1, digest: A },
  { path: 'caf\u00e9/notes.txt', size: 0, digest: EMPTY },
];

describe('parseTree', () => {
  it('accepts what buildTree makes and returns its tree', () => {
    const built = buildTree(entries);
    expect(parseTree(built.bytes, built.digest)).toEqual(built.tree);
    const empty = buildTree([]);
    expect(parseTree(empty.bytes, empty.digest)).toEqual({ format: 1, entries: [] });
  });

  it('refuses a non-canonical encoding of the same entries', () => {
    const built = buildTree(entries);
    const canonicalBody = built.bytes.subarray(built.bytes.indexOf(0) + 1).toString('utf8');
    const value = JSON.parse(canonicalBody) as { format: 1; entries: unknown[] };
    const variants = [
      JSON.stringify(value, null, 1), // whitespace
      JSON.stringify({ format: 1, entries: value.entries }), // key order
      JSON.stringify({ entries: [...value.entries].reverse(), format: 1 }).replace(/\s/g, ''), // entry order
      canonicalBody.replace('"format":1', '"format":1.0'), // number form
      canonicalBody.replace('README', '\\u0052EADME'), // escaped character
      canonicalBody.replace('"format":1}', '"format":1,"extra":true}'), // unknown field
    ];
    for (const body of variants) {
      expect(body).not.toBe(canonicalBody);
      const bytes = withBody('tree', body);
      const e = errorOf(() => parseTree(bytes, hashBytes(bytes)));
      expect(e.code).toBe('CorruptObject');
      expect(e.data.digest).toBe(hashBytes(bytes));
    }
    // the same body with the canonical text is accepted
    expect(parseTree(withBody('tree', canonicalBody), built.digest)).toEqual(built.tree);
  });

  it('refuses an entry with a single-chunk list (buildTree would drop it)', () => {
    const bytes = encodeObject('tree', { format: 1, entries: [{ path: 'f', size: 1, digest: A, chunks: [{ digest: A, size: 1 }] }] });
    expect(errorOf(() => parseTree(bytes, hashBytes(bytes))).code).toBe('CorruptObject');
  });

  it.each([
    ['a version object', encodeObject('version', { format: 1, entries: [] })],
    ['format 2', encodeObject('tree', { format: 2, entries: [] })],
    ['no entries', encodeObject('tree', { format: 1 })],
    ['entries not an array', encodeObject('tree', { format: 1, entries: {} })],
    ['a null entry', encodeObject('tree', { format: 1, entries: [null] })],
    ['garbage', Buffer.from('not a tree')],
  ])('refuses %s with CorruptObject', (_what, bytes) => {
    const e = errorOf(() => parseTree(bytes, 'b3:' + '1'.repeat(64)));
    expect(e.code).toBe('CorruptObject');
    expect(e.data.digest).toBe('b3:' + '1'.repeat(64));
  });

  it('reports an unsafe path with its own code', () => {
    const bytes = encodeObject('tree', { format: 1, entries: [{ path: '../etc/passwd', size: 0, digest: EMPTY }] });
    const e = errorOf(() => parseTree(bytes, hashBytes(bytes)));
    expect(e.code).toBe('InvalidPath');
    expect(e.data.path).toBe('../etc/passwd');
  });
});
