import { InvalidNameError, validateName } from '@arca/store';

/** User names follow the entity rules (they appear in the ref log and in URLs). */
export function validateUserName(name: unknown): asserts name is string {
  try {
    validateName('entity', name);
  } catch (err) {
    if (err instanceof InvalidNameError) throw new InvalidNameError('user', err.data.name, err.data.reason);
    throw err;
  }
}
