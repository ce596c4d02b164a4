import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/**
 * Whether a folder a server named (its objects folder, its staging folder) is
 * one this machine has, and this process may look into: an absolute path to an
 * existing directory. A server in a container, reached through a forwarded
 * port, names one that is not here; a server of another user on this machine
 * names one inside a data directory only that user may enter (EACCES). Either
 * way the bytes go over HTTP.
 */
export function isFolderHere(dir: unknown): dir is string {
  if (typeof dir !== 'string' || !isAbsolute(dir)) return false;
  try {
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}
