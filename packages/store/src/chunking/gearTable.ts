import { createHasher } from '../digest/createHasher.js';

/**
 * The 256 random 32-bit values of the gear rolling hash. Derived from BLAKE3 of
 * a fixed label rather than pasted as literals, so the table is reproducible;
 * the test vectors pin its result.
 */
export const gearTable: Int32Array = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    const h = createHasher();
    h.update(Buffer.from(`arca gear table ${i}`, 'utf8'));
    table[i] = Number.parseInt(h.digest().slice(3, 11), 16) | 0;
  }
  return table;
})();
