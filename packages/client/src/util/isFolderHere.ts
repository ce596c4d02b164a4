import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/**
 * Whether a folder a server named (its objects folder, its staging folder) is
 * one this machine has: an absolute path to an existing directory. A server in
 * a container, reached through a forwarded port, names one that is not here.
 */
export function isFolderHere(dir: unknown): dir is string {
  return typeof dir === 'string' && isAbsolute(dir) && statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
}
