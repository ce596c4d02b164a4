/**
 * Users, teams, memberships and API keys. Idempotent
 * (`IF NOT EXISTS`), so an existing ref database gains these tables on open.
 * Teams are the `entity` of every name. Keys are stored only as a SHA-256 hash
 * (decision 017); `id` is the short public part of a key, used to list and revoke it.
 */
export const accessSchemaSql = `
CREATE TABLE IF NOT EXISTS users (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  service_account  INTEGER NOT NULL DEFAULT 0 CHECK (service_account IN (0, 1)),
  site_admin       INTEGER NOT NULL DEFAULT 0 CHECK (site_admin IN (0, 1)),
  created_at       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS teams (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS memberships (
  team_id  INTEGER NOT NULL REFERENCES teams(id),
  user_id  INTEGER NOT NULL REFERENCES users(id),
  role     TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memberships_by_user ON memberships (user_id);

CREATE TABLE IF NOT EXISTS api_keys (
  id           TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  hash         TEXT NOT NULL UNIQUE,
  read_only    INTEGER NOT NULL CHECK (read_only IN (0, 1)),
  description  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS api_keys_by_user ON api_keys (user_id);
`;
