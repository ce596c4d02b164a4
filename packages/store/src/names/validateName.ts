import { InvalidNameError } from '../errors/InvalidNameError.js';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// Collection names may hold inner spaces ("Nature Classifier"), as in W&B.
const COLLECTION = /^[A-Za-z0-9](?:[A-Za-z0-9 _.-]{0,126}[A-Za-z0-9_.-])?$/;

/** Throws InvalidNameError unless `name` is a valid entity, project or collection name. */
export function validateName(kind: 'entity' | 'project' | 'name', name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new InvalidNameError(kind, String(name), 'not a string');
  const ok = kind === 'name' ? COLLECTION.test(name) && !name.includes('  ') : SLUG.test(name);
  if (!ok) {
    const rule =
      kind === 'name'
        ? 'letters, digits, "_", "-", "." and single inner spaces, 1 to 128 characters'
        : 'letters, digits, "_", "-" and ".", starting with a letter or digit, at most 64 characters';
    throw new InvalidNameError(kind, name, rule);
  }
  if (name.endsWith('.lock') || name.includes('..')) throw new InvalidNameError(kind, name, 'may not contain ".." or end in ".lock"');
}
