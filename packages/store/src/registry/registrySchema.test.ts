import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaSql } from '../refdb/schema.js';
import { refLog } from '../commands/refLog.js';
import { Store } from '../Store.js';
import { deleteVersion } from './deleteVersion.js';
import { errorOf } from '../testing/errorOf.js';

const D = (n: number) => `b3:${String(n).repeat(64).slice(0, 64)}`;

describe('registry tables on a database written before them', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arca-registry-schema-'));
    // Rows exactly as the foundation wrote them: its schema only, no registry tables.
    const db = new Database(join(dir, 'refs.sqlite'));
    db.exec(schemaSql);
    db.pragma('user_version = 1');
    const t = '2026-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO collections VALUES (1, 'acme', 'vision', 'model', 'model', 'artifact', ?)").run(t);
    db.prepare("INSERT INTO collections VALUES (2, 'acme', 'model-registry', 'Clf', 'model', 'registry', ?)").run(t);
    const v = db.prepare('INSERT INTO versions VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?)');
    v.run(1, 0, D(1), D(7), null, null, null, 'alice', t);
    v.run(1, 1, D(2), D(8), null, null, null, 'alice', t);
    v.run(2, 0, D(1), D(7), D(9), 1, 0, 'bob', t);
    db.prepare("INSERT INTO aliases VALUES (1, 'latest', 1), (2, 'latest', 0), (2, 'production', 0)").run();
    const log = db.prepare('INSERT INTO reflog (collection_id, ref, old_number, old_digest, new_number, new_digest, actor, reason, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    log.run(1, 'versions/v0', null, null, 0, D(1), 'alice', '', t);
    log.run(1, 'aliases/latest', null, null, 0, D(1), 'alice', '', t);
    log.run(1, 'versions/v1', null, null, 1, D(2), 'alice', '', t);
    log.run(1, 'aliases/latest', 0, D(1), 1, D(2), 'alice', '', t);
    log.run(2, 'versions/v0', null, null, 0, D(1), 'bob', '', t);
    log.run(2, 'aliases/production', null, null, 0, D(1), 'bob', '', t);
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens unchanged, gives every old ref-log row its kind, and applies the delete rules to old rows', async () => {
    const store = Store.open(dir);
    try {
      const artifact = { entity: 'acme', project: 'vision', name: 'model' };
      const registry = { entity: 'acme', project: 'model-registry', name: 'Clf' };
      expect(refLog(store, artifact).map((e) => [e.ref, e.kind, e.detail])).toEqual([
        ['versions/v0', 'logged', {}],
        ['aliases/latest', 'alias-added', {}],
        ['versions/v1', 'logged', {}],
        ['aliases/latest', 'alias-moved', {}],
      ]);
      expect(refLog(store, registry).map((e) => e.kind)).toEqual(['linked', 'alias-added']);
      // The old link row holds v0 of the artifact; the old production alias holds the link.
      expect(errorOf(() => deleteVersion(store, { ref: { ...artifact, selector: { kind: 'number', number: 0 } }, actor: 'x' })).data).toEqual({
        name: 'acme/vision/model:v0',
        pointers: [{ kind: 'link', registry: 'acme/model-registry/Clf', version: 'v0', target: 'acme/vision/model:v0' }],
      });
      expect(errorOf(() => deleteVersion(store, { ref: { ...registry, selector: { kind: 'number', number: 0 } }, actor: 'x' })).code).toBe('InUse');
      expect(deleteVersion(store, { ref: { ...artifact, selector: { kind: 'number', number: 1 } }, actor: 'x' })).toEqual({
        deleted: { collection: 'acme/vision/model', version: 'v1', digest: D(2) },
        aliasesRemoved: [],
        latest: 'v0',
      });
    } finally {
      await store.close();
    }
  });
});
