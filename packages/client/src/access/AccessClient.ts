import { InvalidArgumentError, ROLES, validateName, type Role } from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import type { KeyInfo, TeamInfo, UserInfo, WhoAmI } from './accessTypes.js';
import { pathSegment } from '../http/pathSegment.js';

function checkRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError('role', `must be one of ${ROLES.join(', ')}`);
}

/** Users, teams, roles and API keys (`ArcaClient.access`). What each call may do is decided by the server. */
export class AccessClient {
  constructor(private readonly http: HttpClient) {}

  /** Who the client's key belongs to, the key's id and the user's teams. */
  async whoami(): Promise<WhoAmI> {
    return this.http.json<WhoAmI>('GET', '/whoami');
  }

  async listUsers(): Promise<UserInfo[]> {
    return (await this.http.json<{ users: UserInfo[] }>('GET', '/users')).users;
  }

  /** Site admins: a new user, or a service account for a machine. */
  async createUser(name: string, opts: { serviceAccount?: boolean } = {}): Promise<UserInfo> {
    return (await this.http.json<{ user: UserInfo }>('POST', '/users', { json: { name, serviceAccount: opts.serviceAccount ?? false } })).user;
  }

  /** Site admins: a new team (the `entity` of names). */
  async createTeam(name: string): Promise<{ name: string; createdAt: string }> {
    validateName('entity', name);
    return (await this.http.json<{ team: { name: string; createdAt: string } }>('POST', '/teams', { json: { name } })).team;
  }

  async team(name: string): Promise<TeamInfo> {
    validateName('entity', name);
    return this.http.json<TeamInfo>('GET', `/teams/${pathSegment(name)}`);
  }

  /** Team admins: adds `user` to `team` with `role`, or changes the role. */
  async setMember(team: string, user: string, role: string): Promise<{ team: string; user: string; role: Role }> {
    validateName('entity', team);
    checkRole(role);
    return (await this.http.json<{ member: { team: string; user: string; role: Role } }>('PUT', `/teams/${pathSegment(team)}/members/${pathSegment(user)}`, { json: { role } })).member;
  }

  async removeMember(team: string, user: string): Promise<{ team: string; user: string; role: Role }> {
    validateName('entity', team);
    return (await this.http.json<{ removed: { team: string; user: string; role: Role } }>('DELETE', `/teams/${pathSegment(team)}/members/${pathSegment(user)}`)).removed;
  }

  /** A new key for the caller (site admins: for `user`). `secret` is the key itself, shown this once. */
  async createKey(opts: { user?: string; readOnly?: boolean; description?: string } = {}): Promise<{ key: KeyInfo; secret: string }> {
    return this.http.json<{ key: KeyInfo; secret: string }>('POST', '/keys', { json: opts });
  }

  async listKeys(user?: string): Promise<KeyInfo[]> {
    return (await this.http.json<{ keys: KeyInfo[] }>('GET', `/keys${user === undefined ? '' : `?user=${pathSegment(user)}`}`)).keys;
  }

  async revokeKey(id: string): Promise<KeyInfo> {
    if (typeof id !== 'string' || id === '') throw new InvalidArgumentError('id', 'a key id');
    return (await this.http.json<{ revoked: KeyInfo }>('DELETE', `/keys/${pathSegment(id)}`)).revoked;
  }
}
