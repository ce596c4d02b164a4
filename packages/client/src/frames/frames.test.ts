import { randomBytes } from 'node:crypto';
import { hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { encodeFrames } from './encodeFrames.js';
import { FrameDecoder } from './FrameDecoder.js';

function objects() {
  return [Buffer.from('hello'), Buffer.alloc(0), randomBytes(70_000), Buffer.from('x')].map((bytes) => ({ digest: hashBytes(bytes), bytes }));
}

describe('frames', () => {
  it('encodes digest, big-endian length and bytes', () => {
    const [o] = objects();
    const buf = encodeFrames([o!]);
    expect(buf.subarray(0, 32).toString('hex')).toBe(o!.digest.slice(3));
    expect(buf.readUInt32BE(32)).toBe(5);
    expect(buf.subarray(36).toString()).toBe('hello');
  });

  it('decodes what it encodes, whatever the piece boundaries (empty objects included)', () => {
    const objs = objects();
    const wire = encodeFrames(objs);
    for (const pieceSize of [1, 7, 36, 37, 4096, wire.length]) {
      const d = new FrameDecoder();
      const got = [];
      for (let i = 0; i < wire.length; i += pieceSize) got.push(...d.push(wire.subarray(i, i + pieceSize)));
      expect(d.idle).toBe(true);
      expect(got.map((f) => f.digest)).toEqual(objs.map((o) => o.digest));
      got.forEach((f, i) => expect(f.bytes.equals(objs[i]!.bytes)).toBe(true));
    }
  });

  it('is not idle after a cut-off stream', () => {
    const wire = encodeFrames(objects());
    const d = new FrameDecoder();
    d.push(wire.subarray(0, wire.length - 3));
    expect(d.idle).toBe(false);
  });

  it('refuses a frame longer than the object limit', () => {
    const head = Buffer.alloc(36);
    head.writeUInt32BE(100, 32);
    expect(() => new FrameDecoder(10).push(head)).toThrow(/exceeds/);
  });
});
