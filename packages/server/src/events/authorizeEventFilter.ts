import type { EventFilter, Store } from '@arca/store';
import type { Caller } from '../auth/Caller.js';
import { requireRole } from '../auth/requireRole.js';

/**
 * The filter a caller may stream with: a named team or collection needs the
 * viewer role there (404 `entity` otherwise, as on every route); without one,
 * a site admin gets every team and anyone else only the teams they have a role
 * in. The team list is taken when the stream opens; a caller removed from a
 * team keeps its stream until reconnecting.
 */
export function authorizeEventFilter(store: Store, caller: Caller, filter: EventFilter): EventFilter {
  for (const entity of filter.entities ?? []) requireRole(store, caller, entity, 'viewer', 'read events');
  if (filter.collection) requireRole(store, caller, filter.collection.entity, 'viewer', 'read events');
  if (filter.entities || filter.collection || caller.siteAdmin) return filter;
  return { ...filter, entities: store.access.teamsOf(caller.userId).map((t) => t.team) };
}
