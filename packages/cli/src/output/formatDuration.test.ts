import { describe, expect, it } from 'vitest';
import { formatDuration } from './formatDuration.js';

describe('formatDuration', () => {
  it('seconds, minutes, hours, and whole days as days', () => {
    expect([42, 185, 3720, 86_400, 30 * 86_400, 36 * 3600].map(formatDuration)).toEqual(['42s', '3m05s', '1h02m', '1d', '30d', '36h00m']);
  });
});
