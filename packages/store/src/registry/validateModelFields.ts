import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { validateAlias } from '../names/validateAlias.js';
import { validateTag } from '../names/validateTag.js';
import { validateMetadata } from '../commands/validateMetadata.js';

const MAX_TAGS = 100;

/**
 * Checks the user-supplied parts of a registered model before anything is
 * written: the card and metadata by the same rules (and limits) as a version's
 * description and metadata, tags and protected aliases by their name rules.
 */
export function validateModelFields(input: {
  type?: unknown;
  description?: unknown;
  metadata?: unknown;
  tags?: unknown;
  protectedAliases?: unknown;
}): void {
  validateMetadata({ type: input.type ?? 'model', metadata: input.metadata ?? {}, description: input.description ?? '' });
  if (input.tags !== undefined) checkNames('tags', input.tags, validateTag);
  if (input.protectedAliases !== undefined) checkNames('protectedAliases', input.protectedAliases, validateAlias);
}

function checkNames(argument: string, list: unknown, check: (name: unknown) => void): void {
  if (!Array.isArray(list)) throw new InvalidArgumentError(argument, 'must be an array of strings');
  if (list.length > MAX_TAGS) throw new InvalidArgumentError(argument, `more than ${MAX_TAGS} items`);
  list.forEach(check);
}
