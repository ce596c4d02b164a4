import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccessDb } from './access/AccessDb.js';
import { FsObjectStore, type FsObjectStoreOptions } from './backend/FsObjectStore.js';
import { NotFoundError } from './errors/NotFoundError.js';
import { RefDb } from './refdb/RefDb.js';

/**
 * The embedded default: objects as files and refs in SQLite, both under one data
 * directory (`DATA/objects`, `DATA/refs.sqlite`).
 */
export class Store {
  readonly dataDir: string;
  readonly objects: FsObjectStore;
  readonly refs: RefDb;
  /** Users, teams, roles, API keys and protected aliases; tables of the same SQLite database as `refs`. */
  readonly access: AccessDb;

  private constructor(dataDir: string, objects: FsObjectStore, refs: RefDb) {
    this.dataDir = dataDir;
    this.objects = objects;
    this.refs = refs;
    this.access = new AccessDb(refs.db);
  }

  static open(dataDir: string, options: FsObjectStoreOptions = {}): Store {
    // The server's user alone: objects (0444) and databases (0644) are readable under the
    // usual umask, so a directory open to others would let any user of the machine read
    // every team's bytes without a key (decision 022 relies on this permission).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new Store(dataDir, new FsObjectStore(dataDir, options), RefDb.open(join(dataDir, 'refs.sqlite')));
  }

  /**
   * Opens a data directory that must already hold a store (its `refs.sqlite`),
   * for tools that inspect or clean one (fsck, gc --data): a mistyped path is
   * an error, not a new empty store that reports "ok".
   */
  static openExisting(dataDir: string, options: FsObjectStoreOptions = {}): Store {
    if (!existsSync(join(dataDir, 'refs.sqlite'))) throw new NotFoundError('data directory', dataDir);
    return Store.open(dataDir, options);
  }

  /** Closes the ref database and the object store's pack index (and its writer thread). */
  async close(): Promise<void> {
    this.refs.close();
    await this.objects.close();
  }
}
