import { ROLES, type Role } from './Role.js';

/** True when `role` is at least `needed` (undefined, no membership, is below every role). */
export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
