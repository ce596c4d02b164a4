import { InvalidNameError } from '../errors/InvalidNameError.js';
import { validateName } from './validateName.js';

export interface CollectionName {
  entity: string;
  project: string;
  name: string;
}

/** The registry of a team is the project of this name: `entity/model-registry/Model Name`. */
export const REGISTRY_PROJECT = 'model-registry';

/** Parses `entity/project/name` (the name may contain spaces, as registered models do). */
export function parseCollectionName(text: string): CollectionName {
  const parts = text.split('/');
  if (parts.length !== 3) throw new InvalidNameError('collection', text, 'expected entity/project/name');
  const [entity, project, name] = parts as [string, string, string];
  // `classifier:v1` where a collection is meant: say so, not just that the name is malformed.
  if (/[:@]/.test(name)) throw new InvalidNameError('collection', text, 'name a collection (entity/project/name), not a version of it');
  validateName('entity', entity);
  validateName('project', project);
  validateName('name', name);
  return { entity, project, name };
}
