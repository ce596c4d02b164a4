import { describe, expect, it } from 'vitest';
import { parseMetadata } from './parseMetadata.js';

describe('parseMetadata', () => {
  it('stores JSON values as such and anything else as text', async () => {
    expect(await parseMetadata(['lr=0.001', 'epochs=10', 'ok=true', 'tags=["a"]', 'name=resnet', 'eq=a=b'], undefined, '.')).toEqual({
      lr: 0.001,
      epochs: 10,
      ok: true,
      tags: ['a'],
      name: 'resnet',
      eq: 'a=b',
    });
  });

  it('keeps as text a number that would not survive as one', async () => {
    expect(await parseMetadata(['id=12345678901234567890', 'huge=1e400', 'neg=-9007199254740993', 'max=9007199254740991', 'big=1e21'], undefined, '.')).toEqual({
      id: '12345678901234567890',
      huge: '1e400',
      neg: '-9007199254740993',
      max: 9007199254740991,
      big: 1e21,
    });
  });
});
