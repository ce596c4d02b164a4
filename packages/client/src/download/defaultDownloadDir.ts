import { resolve } from 'node:path';
import { parseCollectionName, type VersionInfo } from '@arca/store/pure';

/**
 * Where a download goes when the caller names no folder: `artifacts/<name>-<vN>`
 * under `cwd`, as `arca pull` does. W&B's `artifact.download()` takes no folder
 * either, and people porting a script call it that way; the version number (not
 * the alias) keeps two pulls of a moving alias apart.
 */
export function defaultDownloadDir(version: Pick<VersionInfo, 'collection' | 'version'>, cwd: string = process.cwd()): string {
  return resolve(cwd, 'artifacts', `${parseCollectionName(version.collection).name}-${version.version}`);
}
