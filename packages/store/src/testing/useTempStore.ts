import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Store } from '../Store.js';

export interface TempStore {
  readonly dataDir: string;
  readonly store: Store;
  /** Closes the store, runs `whileClosed` (to damage or remove files, say) and opens the data dir again. */
  reopen(whileClosed?: () => Promise<void>): Promise<void>;
}

/** A Store over a fresh temp data dir per test, closed and removed after it. */
export function useTempStore(prefix: string): TempStore {
  const t = {
    dataDir: '',
    store: undefined as unknown as Store,
    async reopen(whileClosed?: () => Promise<void>) {
      await t.store.close();
      await whileClosed?.();
      t.store = Store.open(t.dataDir);
    },
  };
  beforeEach(async () => {
    t.dataDir = await mkdtemp(join(tmpdir(), prefix));
    t.store = Store.open(t.dataDir);
  });
  afterEach(async () => {
    await t.store.close();
    await rm(t.dataDir, { recursive: true, force: true });
  });
  return t;
}
