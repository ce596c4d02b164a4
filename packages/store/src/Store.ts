import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccessDb } from './access/AccessDb.js';
import { FsObjectStore, type FsObjectStoreOptions } from './backend/FsObjectStore.js';
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
    mkdirSync(dataDir, { recursive: true });
    return new Store(dataDir, new FsObjectStore(dataDir, options), RefDb.open(join(dataDir, 'refs.sqlite')));
  }

  /** Closes the ref database and the object store's pack index (and its writer thread). */
  async close(): Promise<void> {
    this.refs.close();
    await this.objects.close();
  }
}
