import { describe, expect, it } from 'vitest';
import { parseReferenceSpec } from './parseReferenceSpec.js';

describe('parseReferenceSpec', () => {
  it('takes known key=value attributes from the end and leaves the rest as the URI', () => {
    expect(parseReferenceSpec('file:///data/x.csv')).toEqual({ uri: 'file:///data/x.csv' });
    expect(parseReferenceSpec('https://h/a;b=c/m.bin;size=12;checksum=b3:00;etag="e";path=w/m.bin')).toEqual({
      uri: 'https://h/a;b=c/m.bin', size: 12, checksum: 'b3:00', etag: '"e"', path: 'w/m.bin',
    });
  });

  it('refuses a missing URI, a bad size and an attribute given twice', () => {
    expect(() => parseReferenceSpec(';size=1')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => parseReferenceSpec('s3://b/k;size=1.5')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => parseReferenceSpec('s3://b/k;size=-1')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => parseReferenceSpec('s3://b/k;etag=a;etag=b')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
