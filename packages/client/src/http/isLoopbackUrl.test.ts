import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from './isLoopbackUrl.js';

describe('isLoopbackUrl', () => {
  it('accepts the names of this machine', () => {
    for (const u of ['http://127.0.0.1:8420', 'http://localhost:8420/api/v1', 'http://[::1]:80', 'https://127.3.2.1']) expect(isLoopbackUrl(u)).toBe(true);
  });

  it('refuses other hosts and things that are not URLs', () => {
    for (const u of ['http://10.0.0.5:8420', 'http://arca.example.com', 'http://127.0.0.1.example.com', 'http://localhost.example.com', 'not a url', '']) {
      expect(isLoopbackUrl(u)).toBe(false);
    }
  });
});
