import { validateAlias } from '../names/validateAlias.js';
import { REGISTRY_PROJECT } from '../names/parseCollectionName.js';
import { validateName } from '../names/validateName.js';
import { validateTag } from '../names/validateTag.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { Store } from '../Store.js';
import { describeRegisteredModel } from './describeRegisteredModel.js';
import type { RegisteredModelInfo } from './RegisteredModelInfo.js';

export interface ModelFilter {
  /** Case-insensitive substring of the model name. */
  search?: string;
  /** Only models carrying this tag. */
  tag?: string;
  /** Only models that have this alias (`production`: what serves). */
  alias?: string;
}

/** The registered models of a team, by name, narrowed by the filter (all of it must match). */
export function listRegisteredModels(store: Store, entity: string, filter: ModelFilter = {}): RegisteredModelInfo[] {
  validateName('entity', entity);
  if (filter.search !== undefined && (typeof filter.search !== 'string' || filter.search.length > 128)) {
    throw new InvalidArgumentError('search', 'must be a string of at most 128 characters');
  }
  if (filter.tag !== undefined) validateTag(filter.tag);
  if (filter.alias !== undefined && filter.alias !== 'latest') validateAlias(filter.alias);
  const needle = filter.search?.toLowerCase();
  return store.refs
    .listCollections(entity, REGISTRY_PROJECT)
    .filter((c) => c.kind === 'registry' && (needle === undefined || c.name.toLowerCase().includes(needle)))
    .map((c) => describeRegisteredModel(store.refs, c))
    .filter((m) => (filter.tag === undefined || m.tags.includes(filter.tag)) && (filter.alias === undefined || Object.hasOwn(m.aliases, filter.alias)));
}
