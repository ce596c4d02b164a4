import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefDb } from './RefDb.js';

let dir: string;
let refs: RefDb;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arca-refdb-'));
  refs = RefDb.open(join(dir, 'refs.sqlite'));
});
afterEach(async () => {
  refs.close();
  await rm(dir, { recursive: true, force: true });
});

describe('RefDb prepared statements', () => {
  it('prepares each SQL text once and reuses it', () => {
    const sql = 'SELECT number FROM aliases WHERE collection_id = ? AND alias = ?';
    expect(refs.statement(sql)).toBe(refs.statement(sql));
    expect(refs.statement('SELECT 1 AS one')).not.toBe(refs.statement(sql));
  });

  it('a reused statement reads what was written since its last use, in and out of transactions', () => {
    const c = refs.createCollection({ entity: 'e', project: 'p', name: 'm' }, 'model', 'artifact', '2026-11-28T00:00:00Z');
    for (const n of [1, 2]) {
      refs.insertVersion({
        collection_id: c.id,
        number: n,
        digest: 'b3:' + String(n).repeat(64),
        tree: 'b3:' + '0'.repeat(64),
        size: n,
        file_count: 1,
        link_digest: null,
        source_collection_id: null,
        source_number: null,
        actor: 'a',
        created_at: '2026-11-28T00:00:00Z',
      });
    }
    expect(refs.aliasTarget(c.id, 'production')).toBeUndefined();
    refs.putAlias(c.id, 'production', 1);
    expect(refs.aliasTarget(c.id, 'production')).toBe(1);
    refs.transaction(() => refs.putAlias(c.id, 'production', 2));
    expect(refs.aliasTarget(c.id, 'production')).toBe(2);
    expect(() => refs.transaction(() => {
      refs.putAlias(c.id, 'production', 1);
      expect(refs.aliasTarget(c.id, 'production')).toBe(1);
      throw new Error('roll back');
    })).toThrow('roll back');
    expect(refs.aliasTarget(c.id, 'production')).toBe(2);
    expect(refs.aliases(c.id)).toEqual([{ alias: 'production', number: 2 }]);
  });

  it('keeps working past the bound on distinct SQL texts', () => {
    for (let i = 0; i < 1100; i++) expect(refs.statement(`SELECT ${i} AS n`).get()).toEqual({ n: i });
    expect(refs.lastRefLogSeq()).toBe(0);
  });
});
