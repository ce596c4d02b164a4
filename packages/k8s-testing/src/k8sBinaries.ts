import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ControlPlaneError } from './ControlPlaneError.js';

export interface K8sBinaries {
  dir: string;
  etcd: string;
  apiserver: string;
  controllerManager: string;
  scheduler: string;
  kwok: string;
  /** kwok has no behaviour of its own: these Stages make nodes and pods Ready. */
  kwokStages: string;
  /** From versions.env: K8S_VERSION, ETCD_VERSION, KWOK_VERSION, ... */
  versions: Record<string, string>;
}

/**
 * The binaries scripts/k8s/build-binaries.sh put in its cache (same env
 * overrides as the script). Missing ones are an error that says how to get
 * them: a suite that needs a control plane fails, it never skips.
 */
export function k8sBinaries(env: NodeJS.ProcessEnv = process.env): K8sBinaries {
  const version = env.ARCA_K8S_VERSION ?? 'v1.34.4';
  const dir = join(env.ARCA_K8S_CACHE ?? join(homedir(), '.cache', 'arca', 'k8s'), version, 'bin');
  const bins = {
    dir,
    etcd: join(dir, 'etcd'),
    apiserver: join(dir, 'kube-apiserver'),
    controllerManager: join(dir, 'kube-controller-manager'),
    scheduler: join(dir, 'kube-scheduler'),
    kwok: join(dir, 'kwok'),
    kwokStages: join(dir, 'kwok-stages.yaml'),
  };
  const missing = [bins.etcd, bins.apiserver, bins.controllerManager, bins.scheduler, bins.kwok].filter((p) => {
    try {
      accessSync(p, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  try {
    accessSync(bins.kwokStages, constants.R_OK);
  } catch {
    missing.push(bins.kwokStages);
  }
  if (missing.length > 0) {
    throw new ControlPlaneError(
      'BinariesMissing',
      `Kubernetes test binaries missing (${missing.join(', ')}): run scripts/k8s/build-binaries.sh (a cold build takes 10-25 minutes)`,
      { missing },
    );
  }
  const versions: Record<string, string> = {};
  try {
    for (const line of readFileSync(join(dir, 'versions.env'), 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) versions[m[1]!] = m[2]!;
    }
  } catch {
    // versions.env is informative only; the binaries themselves are what counts.
  }
  return { ...bins, versions };
}
