import { InvalidArgumentError, validateMetadata, validateTtl } from '@arca/store/pure';

/**
 * The fields of a version commit, checked with the server's own validators
 * before any file is read or any object sent: a bad type, metadata, description,
 * reason or TTL would otherwise be refused only by the commit, after the upload.
 */
export function checkCommitFields(f: { type: unknown; metadata: unknown; description: unknown; reason?: unknown; ttlSeconds?: unknown }): void {
  validateMetadata({ type: f.type, metadata: f.metadata, description: f.description });
  if (f.reason !== undefined && typeof f.reason !== 'string') throw new InvalidArgumentError('reason', 'must be a string');
  if (f.ttlSeconds !== undefined) validateTtl(f.ttlSeconds, true);
}
