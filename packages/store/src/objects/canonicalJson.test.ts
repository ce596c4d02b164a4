import { describe, expect, it } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';
import { canonicalJson, MAX_JSON_DEPTH } from './canonicalJson.js';

function codeOf(fn: () => unknown): { code: string; data: Record<string, unknown> } | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArcaError);
    const e = err as ArcaError;
    return { code: e.code, data: e.data };
  }
  return undefined;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, A: true })).toBe(
      '{"A":true,"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives equal bytes for equal values built in different orders', () => {
    const one = { x: 1, y: [1, 2], z: { p: 'q', r: 's' } };
    const two = { z: { r: 's', p: 'q' }, y: [1, 2], x: 1 };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson({ y: [2, 1] })).not.toBe(canonicalJson({ y: [1, 2] }));
  });

  it('orders keys by UTF-16 code unit', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF61 in UTF-16
    // (but after it in UTF-8): the order is JS's, as documented.
    expect(canonicalJson({ '\uff61': 1, '\u{1f600}': 2, é: 3, Z: 4, a: 5, '10': 6, '9': 7 })).toBe(
      '{"10":6,"9":7,"Z":4,"a":5,"é":3,"\u{1f600}":2,"\uff61":1}',
    );
  });

  it('writes scalars as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(0.5)).toBe('0.5');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('a"b\\c\n\u0001')).toBe('"a\\"b\\\\c\\n\\u0001"');
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('leaves out object properties that are undefined', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('accepts objects without a prototype and keeps a "__proto__" key', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 1;
    expect(canonicalJson(bare)).toBe('{"k":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":1,"a":2}'))).toBe('{"__proto__":1,"a":2}');
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity in an array', [1, -Infinity]],
    ['NaN deep in an object', { a: { b: [NaN] } }],
    ['undefined at top level', undefined],
    ['undefined in an array', [1, undefined, 3]],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole in an array', [1, , 3]],
    ['a function', () => 1],
    ['a function-valued property', { f() {} }],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['a Date', { when: new Date(0) }],
    ['a Map', new Map([['a', 1]])],
    ['a Buffer', Buffer.from('ab')],
    ['a class instance', new (class Point { x = 1 })()],
  ])('refuses %s with InvalidArgument', (_what, value) => {
    expect(codeOf(() => canonicalJson(value))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'value' } });
  });

  it('round-trips through JSON.parse', () => {
    const value = { n: [1, 2.5, -3], s: 'ü\u2028', o: { t: true, f: false, z: null }, e: [] };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH, naming the argument and the place', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : { a: nest(levels - 1) });
    expect(() => canonicalJson(nest(MAX_JSON_DEPTH))).not.toThrow();
    expect(codeOf(() => canonicalJson(nest(MAX_JSON_DEPTH + 1), 'metadata'))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'metadata' } });
    // Thousands of levels: a 4xx, not a stack overflow.
    expect(codeOf(() => canonicalJson(nest(5000), 'config'))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'config' } });
    expect(codeOf(() => canonicalJson({ loss: [0.3, Infinity] }, 'metadata'))).toMatchObject({ data: { argument: 'metadata', reason: 'metadata.loss[1]: Infinity is not a finite number' } });
  });
});
