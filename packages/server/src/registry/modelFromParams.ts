import { REGISTRY_PROJECT, validateName, type CollectionName } from '@arca/store';

/** The registered model `entity/model-registry/name` named by the `:entity/:name` path segments. */
export function modelFromParams(params: Record<string, unknown>): CollectionName {
  const { entity, name } = params;
  validateName('entity', entity);
  validateName('name', name);
  return { entity, project: REGISTRY_PROJECT, name };
}
