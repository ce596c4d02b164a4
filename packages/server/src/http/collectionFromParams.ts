import { validateName, type CollectionName } from '@arca/store';

/** The collection named by the `:entity/:project/:name` path segments (already URL-decoded by express). */
export function collectionFromParams(params: Record<string, unknown>): CollectionName {
  const { entity, project, name } = params;
  validateName('entity', entity);
  validateName('project', project);
  validateName('name', name);
  return { entity, project, name };
}
