import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { canonicalJson } from '../objects/canonicalJson.js';

const MAX_METADATA_BYTES = 1024 * 1024;
const MAX_DESCRIPTION_BYTES = 256 * 1024;
const TYPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Checks the user-supplied parts of a version before anything is written. */
export function validateMetadata(input: { type: unknown; metadata: unknown; description: unknown }): void {
  if (typeof input.type !== 'string' || !TYPE.test(input.type)) {
    throw new InvalidArgumentError('type', 'letters, digits, "_", "-" and ".", at most 64 characters');
  }
  const m = input.metadata;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new InvalidArgumentError('metadata', 'must be a JSON object');
  if (Buffer.byteLength(canonicalJson(m, 'metadata')) > MAX_METADATA_BYTES) throw new InvalidArgumentError('metadata', 'larger than 1 MiB');
  if (typeof input.description !== 'string') throw new InvalidArgumentError('description', 'must be a string');
  if (Buffer.byteLength(input.description) > MAX_DESCRIPTION_BYTES) throw new InvalidArgumentError('description', 'larger than 256 KiB');
}
