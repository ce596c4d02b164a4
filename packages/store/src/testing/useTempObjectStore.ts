import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { FsObjectStore } from '../backend/FsObjectStore.js';

/** An FsObjectStore over a fresh temp root per test, closed and removed after it; a test may replace `store` (reopening the root), and the replacement is closed instead. */
export function useTempObjectStore(prefix: string): { readonly root: string; store: FsObjectStore } {
  const t = { root: '', store: undefined as unknown as FsObjectStore };
  beforeEach(async () => {
    t.root = await mkdtemp(join(tmpdir(), prefix));
    t.store = new FsObjectStore(t.root);
  });
  afterEach(async () => {
    await t.store.close();
    await rm(t.root, { recursive: true, force: true });
  });
  return t;
}
