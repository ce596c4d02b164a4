import { defineConfig } from 'vitest/config';

// One project for the unit tests that live beside each package's sources, one
// for the cross-package tests under test/. Hashing and chunking tests touch
// tens of MiB, so the timeouts are generous.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'packages', include: ['packages/*/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } },
    ],
  },
});
