import { describe, expect, it } from 'vitest';
import { BufferPool } from './BufferPool.js';

describe('BufferPool', () => {
  it('hands out views of exactly the asked size and reuses given-back buffers', () => {
    const pool = new BufferPool(1024, 2);
    const a = pool.take(100);
    expect(a.length).toBe(100);
    pool.give(a);
    const b = pool.take(1000);
    expect(b.length).toBe(1000);
    expect(b.buffer).toBe(a.buffer);
  });

  it('gives oversized requests an ordinary buffer and ignores buffers it did not make', () => {
    const pool = new BufferPool(1024, 2);
    const big = pool.take(4096);
    expect(big.length).toBe(4096);
    pool.give(big);
    pool.give(Buffer.alloc(10));
    const c = pool.take(10);
    expect(c.buffer).not.toBe(big.buffer);
    expect(c.buffer.byteLength).toBe(1024);
  });

  it('keeps at most `keep` idle buffers', () => {
    const pool = new BufferPool(64, 1);
    const a = pool.take(64);
    const b = pool.take(64);
    pool.give(a);
    pool.give(b);
    expect(pool.take(64).buffer).toBe(a.buffer);
    expect(pool.take(64).buffer).not.toBe(b.buffer);
  });
});
