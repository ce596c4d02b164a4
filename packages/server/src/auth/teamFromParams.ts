import { NotFoundError, validateName, type Store, type TeamRow } from '@arca/store';

/**
 * The team named by the `:entity` parameter. Its access was checked by
 * guardEntity, so for a caller who may see it, it exists unless the caller is a
 * site admin (who passes for any name): then 404 `team`.
 */
export function teamFromParams(store: Store, params: Record<string, unknown>): TeamRow {
  const name = params.entity;
  validateName('entity', name);
  const team = store.access.teamByName(name);
  if (!team) throw new NotFoundError('team', name);
  return team;
}
