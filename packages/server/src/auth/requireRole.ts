import { ForbiddenError, NotFoundError, roleAtLeast, type Role, type Store } from '@arca/store';
import type { Caller } from './Caller.js';
import { roleOf } from './roleOf.js';

/**
 * Throws unless the caller has at least `needed` in team `entity`. A caller with
 * no role there gets 404 `entity` whether the team exists or not, so names of
 * other teams and their projects do not leak; a caller who can see the team but
 * may not do this gets 403. Anything above viewer also needs a writable key.
 */
export function requireRole(store: Store, caller: Caller, entity: string, needed: Role, action: string): void {
  const role = roleOf(store, caller, entity);
  if (role === undefined) throw new NotFoundError('entity', entity);
  if (!roleAtLeast(role, needed)) throw new ForbiddenError(action, needed, entity);
  if (needed !== 'viewer' && caller.readOnly) throw new ForbiddenError(action, 'writable-key', entity);
}
