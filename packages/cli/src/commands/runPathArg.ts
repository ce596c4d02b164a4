import { parseRef, parseRunPath, REGISTRY_PROJECT, validateRunId } from '@arca/store/pure';
import { UsageError } from '../UsageError.js';

/**
 * A run given on the command line: its path `entity/project/id` (what `arca run
 * init` prints), or a bare id, taken to be in the project of `nearRef` (the
 * artifact being logged or pulled), as W&B's runs log into their own project.
 */
export function runPathArg(arg: string, usage: string, nearRef?: string): string {
  if (arg.includes('/')) return `${Object.values(parseRunPath(arg)).join('/')}`;
  validateRunId(arg);
  const near = nearRef === undefined ? undefined : parseRef(nearRef);
  if (!near || near.project === REGISTRY_PROJECT) throw new UsageError(`give the run as entity/project/${arg}`, usage);
  return `${near.entity}/${near.project}/${arg}`;
}
