import { validateName, validateRunId, type RunPath } from '@arca/store';

/** The run named by the `:entity/:project/:id` path segments. */
export function runFromParams(params: Record<string, unknown>): RunPath {
  const { entity, project, id } = params;
  validateName('entity', entity);
  validateName('project', project);
  validateRunId(id);
  return { entity, project, id };
}
