import { describe, expect, it } from 'vitest';
import { formatBytes } from './formatBytes.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('formatBytes', () => {
  it('bytes, then one decimal below 10 of a unit, whole numbers above', () => {
    expect([0, 1023, 1536, 10 * KiB, 300 * MiB, 3 * 1024 * MiB].map(formatBytes)).toEqual(['0 B', '1023 B', '1.5 KiB', '10 KiB', '300 MiB', '3.0 GiB']);
  });

  it('a rate (bytes over seconds) shows whole bytes, not a long fraction', () => {
    expect(formatBytes(1000 / 3)).toBe('333 B');
  });

  it('rounding carries into the next unit instead of showing 1024 of this one', () => {
    expect(formatBytes(MiB - 1)).toBe('1.0 MiB');
    expect(formatBytes(1023.7 * KiB)).toBe('1.0 MiB');
    expect(formatBytes(1023.6)).toBe('1.0 KiB');
    // And 9.97 KiB is "10 KiB", like every other size from 10 up, not "10.0 KiB".
    expect(formatBytes(9.97 * KiB)).toBe('10 KiB');
  });
});
