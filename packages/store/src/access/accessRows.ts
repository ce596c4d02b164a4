/** Row shapes of the access tables, as better-sqlite3 returns them. */
import type { Role } from './Role.js';

export interface UserRow {
  id: number;
  name: string;
  service_account: 0 | 1;
  site_admin: 0 | 1;
  created_at: string;
}

export interface TeamRow {
  id: number;
  name: string;
  created_at: string;
}

export interface ApiKeyRow {
  id: string;
  user_id: number;
  hash: string;
  read_only: 0 | 1;
  description: string;
  created_at: string;
  revoked_at: string | null;
}

export interface MemberRow {
  user: string;
  service_account: 0 | 1;
  role: Role;
}

export interface TeamRoleRow {
  team: string;
  role: Role;
}
