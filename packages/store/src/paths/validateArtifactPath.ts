import { InvalidPathError } from '../errors/InvalidPathError.js';

const MAX_PATH_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;

/**
 * Throws InvalidPathError unless `path` is a relative, slash-separated path that
 * stays inside the artifact on every platform a pull may land on.
 */
export function validateArtifactPath(path: unknown): asserts path is string {
  if (typeof path !== 'string') throw new InvalidPathError(String(path), 'not a string');
  const fail = (reason: string): never => {
    throw new InvalidPathError(path, reason);
  };
  if (path.length === 0) fail('empty');
  if (!path.isWellFormed()) fail('not valid Unicode');
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) fail(`longer than ${MAX_PATH_BYTES} bytes`);
  if (path.includes('\0')) fail('contains NUL');
  if (path.includes('\\')) fail('contains a backslash');
  // eslint-disable-next-line no-control-regex
  if (/[\x01-\x1f\x7f]/.test(path)) fail('contains a control character');
  if (path.startsWith('/')) fail('absolute');
  if (/^[A-Za-z]:/.test(path)) fail('starts with a drive letter');
  for (const segment of path.split('/')) {
    if (segment === '') fail('empty segment');
    if (segment === '.' || segment === '..') fail(`"${segment}" segment`);
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) fail(`segment longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
}
