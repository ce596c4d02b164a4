import type { Role, Store } from '@arca/store';
import type { Caller } from './Caller.js';

/**
 * The caller's role in the team `entity`. A site admin is an admin of every
 * team there is, and of no name that is not a team: a typo must not open a
 * namespace that no team can see (it is NotFound `entity`, as for anyone).
 */
export function roleOf(store: Store, caller: Caller, entity: string): Role | undefined {
  if (caller.siteAdmin) return store.access.teamByName(entity) ? 'admin' : undefined;
  return store.access.roleIn(caller.userId, entity);
}
