import { InvalidNameError } from '../errors/InvalidNameError.js';
import { validateName } from '../names/validateName.js';
import { validateRunId } from './validateRunId.js';

export interface RunPath {
  entity: string;
  project: string;
  id: string;
}

/** Parses a run's path, `entity/project/id`. */
export function parseRunPath(text: unknown): RunPath {
  if (typeof text !== 'string') throw new InvalidNameError('run', String(text), 'not a string');
  const parts = text.split('/');
  if (parts.length !== 3) throw new InvalidNameError('run', text, 'expected entity/project/id');
  const [entity, project, id] = parts as [string, string, string];
  validateName('entity', entity);
  validateName('project', project);
  validateRunId(id);
  return { entity, project, id };
}
