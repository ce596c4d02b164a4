import { describe, expect, it } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';
import { hashBytes } from '../digest/hashBytes.js';
import { decodeObject } from './decodeObject.js';
import { encodeObject } from './encodeObject.js';
import { errorOf } from '../testing/errorOf.js';

const NAME = 'b3:' + '0'.repeat(64);

describe('encodeObject', () => {
  it('writes "arca-<type> <body length>\\0" then canonical JSON', () => {
    expect(encodeObject('version', { b: 1, a: 'x' }).toString('utf8')).toBe('arca-version 15\0{"a":"x","b":1}');
  });

  it('counts the body length in UTF-8 bytes, not characters', () => {
    const bytes = encodeObject('link', { s: 'é😀' });
    expect(bytes.toString('utf8')).toBe('arca-link 14\0{"s":"é😀"}');
  });

  it('gives the same JSON different digests under different types', () => {
    const value = { format: 1 };
    const digests = new Set((['tree', 'version', 'link'] as const).map((t) => hashBytes(encodeObject(t, value))));
    expect(digests.size).toBe(3);
  });

  it('refuses values canonicalJson refuses', () => {
    expect(errorOf(() => encodeObject('version', { x: NaN })).code).toBe('InvalidArgument');
  });
});

describe('decodeObject', () => {
  it.each([
    ['tree', { format: 1, entries: [] }],
    ['version', { format: 1, metadata: { 'ü': [1, 2, { deep: null }] }, parent: null }],
    ['link', { format: 1, registry: 'e/model-registry/Nature Classifier' }],
  ] as const)('round-trips a %s', (type, value) => {
    const bytes = encodeObject(type, value);
    expect(decodeObject(bytes, hashBytes(bytes))).toEqual({ type, value });
  });

  it('reads a view into a larger buffer', () => {
    const bytes = encodeObject('version', { a: 1 });
    const padded = new Uint8Array(bytes.length + 20);
    padded.set(bytes, 10);
    expect(decodeObject(padded.subarray(10, 10 + bytes.length), NAME)).toEqual({ type: 'version', value: { a: 1 } });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['plain JSON', Buffer.from('{"format":1}')],
    ['random bytes', Buffer.from('9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa99887766554433221100', 'hex')],
    ['a header with no NUL', Buffer.from('arca-tree 2 {}')],
    ['a NUL too far in', Buffer.concat([Buffer.from('arca-tree ' + '0'.repeat(40) + '2'), Buffer.from([0]), Buffer.from('{}')])],
    ['an unknown type', Buffer.from('arca-blob 2\0{}')],
    ['an uppercase type', Buffer.from('arca-TREE 2\0{}')],
    ['no length', Buffer.from('arca-tree\0{}')],
    ['a negative length', Buffer.from('arca-tree -2\0{}')],
    ['a length too short', Buffer.from('arca-tree 1\0{}')],
    ['a length too long', Buffer.from('arca-tree 3\0{}')],
    ['a truncated body', encodeObject('tree', { format: 1, entries: [] }).subarray(0, -1)],
    ['a body that is not JSON', Buffer.from('arca-tree 2\0{x')],
    ['a body that is invalid UTF-8 JSON', Buffer.from([...Buffer.from('arca-tree 3\0"'), 0xff, 0x22])],
  ])('refuses %s with CorruptObject naming the digest', (_what, bytes) => {
    const e = errorOf(() => decodeObject(bytes, NAME));
    expect(e.code).toBe('CorruptObject');
    expect(e.data.digest).toBe(NAME);
  });
});
