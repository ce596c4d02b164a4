import type { Role, Store } from '@arca/store';
import type { Caller } from './Caller.js';

/** The caller's role in the team `entity`. A site admin is an admin of every team. */
export function roleOf(store: Store, caller: Caller, entity: string): Role | undefined {
  return caller.siteAdmin ? 'admin' : store.access.roleIn(caller.userId, entity);
}
