import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** helm as scripts/k8s/build-helm.sh caches it; missing, the suite fails saying how to get it. */
export function helmBinary(env: NodeJS.ProcessEnv = process.env): string {
  const version = env.ARCA_HELM_VERSION ?? 'v3.22.0';
  const path = join(env.ARCA_K8S_CACHE ?? join(homedir(), '.cache', 'arca', 'k8s'), 'helm', version, 'bin', 'helm');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`helm ${version} missing at ${path}: run scripts/k8s/build-helm.sh`);
  }
  return path;
}
