/**
 * Content-defined chunking parameters. FROZEN: chunk boundaries of every stored
 * object depend on them, so changing any value breaks deduplication against
 * data already stored. The test vectors in cutPoints.test.ts guard them.
 * Chosen in docs/decisions/002-chunking.md.
 */
export const chunkParams = Object.freeze({
  minSize: 128 * 1024,
  avgSize: 512 * 1024,
  maxSize: 2 * 1024 * 1024,
});
