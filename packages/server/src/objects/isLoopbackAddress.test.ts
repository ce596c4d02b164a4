import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './isLoopbackAddress.js';

describe('isLoopbackAddress', () => {
  it('accepts the loopback addresses a local client connects from', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
  });

  it('refuses every other peer, and a socket with no address', () => {
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', '128.0.0.1', 'fe80::1', '::', '0.0.0.0', '127.example.com', '']) {
      expect(isLoopbackAddress(a)).toBe(false);
    }
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
