import type Database from 'better-sqlite3';
import { AlreadyExistsError } from '../errors/AlreadyExistsError.js';
import type { ApiKeyRow, MemberRow, TeamRoleRow, TeamRow, UserRow } from './accessRows.js';
import type { Role } from './Role.js';

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Users, teams, memberships and API keys in the ref
 * database (tables in refdb/accessSchema.ts). Plain reads and writes of rows;
 * who may do what is decided by the server's auth layer.
 */
export class AccessDb {
  /** Prepared once: every request authenticates, and preparing costs more than the lookup itself. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  createUser(name: string, flags: { serviceAccount: boolean; siteAdmin: boolean }, now: string): UserRow {
    this.refuseCaseTwin('users', 'user', name);
    try {
      this
        .prepare('INSERT INTO users (name, service_account, site_admin, created_at) VALUES (?, ?, ?, ?)')
        .run(name, flags.serviceAccount ? 1 : 0, flags.siteAdmin ? 1 : 0, now);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AlreadyExistsError('user', name);
      throw err;
    }
    return this.userByName(name)!;
  }

  /**
   * `Acme` beside `acme` would be a second team that no member of the first can see,
   * and its name is the entity of every collection in it (decision 021).
   */
  private refuseCaseTwin(table: 'users' | 'teams', kind: string, name: string): void {
    const twin = this.prepare(`SELECT name FROM ${table} WHERE name = ? COLLATE NOCASE AND name != ? LIMIT 1`).get(name, name) as { name: string } | undefined;
    if (twin) throw new AlreadyExistsError(kind, twin.name, name);
  }

  userByName(name: string): UserRow | undefined {
    return this.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  userById(id: number): UserRow | undefined {
    return this.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  /** The first site admin (the one the server creates on first start), if any. */
  firstSiteAdmin(): UserRow | undefined {
    return this.prepare('SELECT * FROM users WHERE site_admin = 1 ORDER BY id LIMIT 1').get() as UserRow | undefined;
  }

  listUsers(): UserRow[] {
    return this.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[];
  }

  createTeam(name: string, now: string): TeamRow {
    this.refuseCaseTwin('teams', 'team', name);
    try {
      this.prepare('INSERT INTO teams (name, created_at) VALUES (?, ?)').run(name, now);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AlreadyExistsError('team', name);
      throw err;
    }
    return this.teamByName(name)!;
  }

  teamByName(name: string): TeamRow | undefined {
    return this.prepare('SELECT * FROM teams WHERE name = ?').get(name) as TeamRow | undefined;
  }

  /** The role of a user in the team named `team`; undefined when not a member (or no such team). */
  roleIn(userId: number, team: string): Role | undefined {
    const row = this
      .prepare('SELECT m.role FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? AND t.name = ?')
      .get(userId, team) as { role: Role } | undefined;
    return row?.role;
  }

  /** Whether the user is a member or admin of any team (may upload objects). */
  canWriteSomewhere(userId: number): boolean {
    return this.prepare("SELECT 1 FROM memberships WHERE user_id = ? AND role IN ('admin', 'member') LIMIT 1").get(userId) !== undefined;
  }

  teamsOf(userId: number): TeamRoleRow[] {
    return this
      .prepare('SELECT t.name AS team, m.role FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? ORDER BY t.name')
      .all(userId) as TeamRoleRow[];
  }

  members(teamId: number): MemberRow[] {
    return this
      .prepare(
        'SELECT u.name AS user, u.service_account, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY u.name',
      )
      .all(teamId) as MemberRow[];
  }

  setRole(teamId: number, userId: number, role: Role): void {
    this
      .prepare('INSERT INTO memberships (team_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role')
      .run(teamId, userId, role);
  }

  /** Removes a membership; returns the role it had, or undefined when there was none. */
  removeMember(teamId: number, userId: number): Role | undefined {
    const row = this.prepare('DELETE FROM memberships WHERE team_id = ? AND user_id = ? RETURNING role').get(teamId, userId) as
      | { role: Role }
      | undefined;
    return row?.role;
  }

  insertKey(row: ApiKeyRow): void {
    this
      .prepare(
        `INSERT INTO api_keys (id, user_id, hash, read_only, description, created_at, revoked_at)
         VALUES (@id, @user_id, @hash, @read_only, @description, @created_at, @revoked_at)`,
      )
      .run(row);
  }

  /** Points the key `id` at a new hash and makes it live again (the admin key set from the environment). */
  replaceKey(row: ApiKeyRow): void {
    this
      .prepare(
        `INSERT INTO api_keys (id, user_id, hash, read_only, description, created_at, revoked_at)
         VALUES (@id, @user_id, @hash, @read_only, @description, @created_at, NULL)
         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, user_id = excluded.user_id, read_only = excluded.read_only, revoked_at = NULL`,
      )
      .run(row);
  }

  keyByHash(hash: string): ApiKeyRow | undefined {
    return this.prepare('SELECT * FROM api_keys WHERE hash = ?').get(hash) as ApiKeyRow | undefined;
  }

  keyById(id: string): ApiKeyRow | undefined {
    return this.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as ApiKeyRow | undefined;
  }

  keysOf(userId: number): ApiKeyRow[] {
    return this.prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at, id').all(userId) as ApiKeyRow[];
  }

  liveKeyCount(userId: number): number {
    return (this.prepare('SELECT count(*) AS n FROM api_keys WHERE user_id = ? AND revoked_at IS NULL').get(userId) as { n: number }).n;
  }

  revokeKey(id: string, now: string): void {
    this.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
  }
}
