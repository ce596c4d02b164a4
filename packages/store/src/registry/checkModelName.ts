import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { REGISTRY_PROJECT, type CollectionName } from '../names/parseCollectionName.js';
import { validateName } from '../names/validateName.js';

/** Throws unless the name is a valid `entity/model-registry/Name`. */
export function checkModelName(model: CollectionName): void {
  validateName('entity', model.entity);
  validateName('name', model.name);
  if (model.project !== REGISTRY_PROJECT) {
    throw new InvalidArgumentError('model', `a registered model is named <entity>/${REGISTRY_PROJECT}/<Model Name>`);
  }
}
