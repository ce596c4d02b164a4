import { describe, expect, it } from 'vitest';
import * as index from './index.js';
import * as pure from './pure.js';

// pure.ts and index.ts each list their exports by name; the pure entry is a
// subset that the full one must keep exporting, the very same objects.
describe('@arca/store/pure', () => {
  it('exports nothing the full entry lacks, and the same values', () => {
    const full = index as Record<string, unknown>;
    for (const [name, value] of Object.entries(pure)) expect(full[name], name).toBe(value);
  });
});
