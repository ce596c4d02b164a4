import type Database from 'better-sqlite3';
import type { RefDb } from '../refdb/RefDb.js';
import type { VersionRow } from '../refdb/rows.js';
import type { RunArtifactRow, RunRow, RunState } from './RunRow.js';

const byRefDb = new WeakMap<RefDb, RunDb>();

/**
 * Plain reads and writes of the run tables, on the ref database's connection (so
 * a version commit and the run output it records share one transaction). The
 * statements are prepared once: a metrics append runs one per value.
 */
export class RunDb {
  private readonly s;

  private constructor(db: Database.Database) {
    this.s = {
      insertRun: db.prepare(
        `INSERT INTO runs (id, entity, project, name, job_type, config, state, actor, started_at)
         VALUES (@id, @entity, @project, @name, @job_type, @config, 'running', @actor, @started_at)`,
      ),
      runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
      runBySeq: db.prepare('SELECT * FROM runs WHERE seq = ?'),
      runsOfProject: db.prepare('SELECT * FROM runs WHERE entity = ? AND project = ? AND seq < ? ORDER BY seq DESC LIMIT ?'),
      finish: db.prepare('UPDATE runs SET state = ?, finished_at = ? WHERE seq = ?'),
      setOverrides: db.prepare('UPDATE runs SET summary_overrides = ? WHERE seq = ?'),
      setNextStep: db.prepare('UPDATE runs SET next_step = ? WHERE seq = ?'),
      putMetric: db.prepare(
        `INSERT INTO run_metrics (run_seq, key, step, time, value) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_seq, key, step) DO UPDATE SET time = excluded.time, value = excluded.value`,
      ),
      putSummary: db.prepare(
        `INSERT INTO run_summary (run_seq, key, step, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_seq, key) DO UPDATE SET step = excluded.step, value = excluded.value
         WHERE excluded.step >= run_summary.step`,
      ),
      summary: db.prepare('SELECT key, value FROM run_summary WHERE run_seq = ? ORDER BY key'),
      keys: db.prepare('SELECT key FROM run_summary WHERE run_seq = ? ORDER BY key'),
      points: db.prepare(
        'SELECT step, time, value FROM run_metrics WHERE run_seq = ? AND key = ? AND step >= ? AND step <= ? ORDER BY step LIMIT ?',
      ),
      putInput: db.prepare('INSERT INTO run_inputs (run_seq, collection_id, number, time) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      putOutput: db.prepare(
        `INSERT INTO run_outputs (run_seq, collection_id, number, produced, time) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_seq, collection_id, number) DO UPDATE SET produced = max(produced, excluded.produced)`,
      ),
      inputsOf: db.prepare('SELECT * FROM run_inputs WHERE run_seq = ? ORDER BY time, collection_id, number'),
      outputsOf: db.prepare('SELECT * FROM run_outputs WHERE run_seq = ? ORDER BY time, collection_id, number'),
      usersOf: db.prepare('SELECT run_seq FROM run_inputs WHERE collection_id = ? AND number = ? ORDER BY run_seq'),
      loggersOf: db.prepare('SELECT run_seq, produced FROM run_outputs WHERE collection_id = ? AND number = ? ORDER BY run_seq'),
      producerOf: db.prepare('SELECT run_seq FROM run_outputs WHERE collection_id = ? AND number = ? AND produced = 1'),
      linksOf: db.prepare('SELECT * FROM versions WHERE digest = ? AND source_collection_id = ? AND source_number = ? ORDER BY collection_id, number'),
    };
  }

  /** The RunDb of a ref database (one per connection). */
  static of(refs: RefDb): RunDb {
    let r = byRefDb.get(refs);
    if (!r) byRefDb.set(refs, (r = new RunDb(refs.db)));
    return r;
  }

  insertRun(row: Pick<RunRow, 'id' | 'entity' | 'project' | 'name' | 'job_type' | 'config' | 'actor' | 'started_at'>): void {
    this.s.insertRun.run(row);
  }

  runById(id: string): RunRow | undefined {
    return this.s.runById.get(id) as RunRow | undefined;
  }

  runBySeq(seq: number): RunRow {
    return this.s.runBySeq.get(seq) as RunRow;
  }

  /** Newest first, those started before run `beforeSeq` (exclusive). */
  runsOfProject(entity: string, project: string, beforeSeq: number, limit: number): RunRow[] {
    return this.s.runsOfProject.all(entity, project, beforeSeq, limit) as RunRow[];
  }

  finish(seq: number, state: RunState, time: string): void {
    this.s.finish.run(state, time, seq);
  }

  setSummaryOverrides(seq: number, json: string): void {
    this.s.setOverrides.run(json, seq);
  }

  setNextStep(seq: number, next: number): void {
    this.s.setNextStep.run(next, seq);
  }

  putMetric(seq: number, key: string, step: number, time: number, value: number): void {
    this.s.putMetric.run(seq, key, step, time, value);
  }

  /** Keeps `value` as the key's last value unless a higher step is already kept. */
  putLastValue(seq: number, key: string, step: number, value: number): void {
    this.s.putSummary.run(seq, key, step, value);
  }

  /** The value of each key at its highest step. */
  lastValues(seq: number): { key: string; value: number }[] {
    return this.s.summary.all(seq) as { key: string; value: number }[];
  }

  metricKeys(seq: number): string[] {
    return (this.s.keys.all(seq) as { key: string }[]).map((r) => r.key);
  }

  points(seq: number, key: string, minStep: number, maxStep: number, limit: number): { step: number; time: number; value: number }[] {
    return this.s.points.all(seq, key, minStep, maxStep, limit) as { step: number; time: number; value: number }[];
  }

  putInput(seq: number, collectionId: number, number: number, time: string): boolean {
    return this.s.putInput.run(seq, collectionId, number, time).changes > 0;
  }

  putOutput(seq: number, collectionId: number, number: number, produced: boolean, time: string): void {
    this.s.putOutput.run(seq, collectionId, number, produced ? 1 : 0, time);
  }

  inputsOf(seq: number): RunArtifactRow[] {
    return this.s.inputsOf.all(seq) as RunArtifactRow[];
  }

  outputsOf(seq: number): RunArtifactRow[] {
    return this.s.outputsOf.all(seq) as RunArtifactRow[];
  }

  /** Runs that used this version as an input. */
  usersOf(collectionId: number, number: number): number[] {
    return (this.s.usersOf.all(collectionId, number) as { run_seq: number }[]).map((r) => r.run_seq);
  }

  /** Runs that logged this version (its producer and any that re-logged the same content). */
  loggersOf(collectionId: number, number: number): { run_seq: number; produced: number }[] {
    return this.s.loggersOf.all(collectionId, number) as { run_seq: number; produced: number }[];
  }

  producerOf(collectionId: number, number: number): number | undefined {
    return (this.s.producerOf.get(collectionId, number) as { run_seq: number } | undefined)?.run_seq;
  }

  /** Registry versions that link this artifact version. */
  linksOf(source: VersionRow): VersionRow[] {
    return this.s.linksOf.all(source.digest, source.collection_id, source.number) as VersionRow[];
  }
}
