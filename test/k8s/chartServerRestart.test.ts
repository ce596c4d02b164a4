// The server Deployment of charts/arca as Kubernetes runs it after a pod is lost
// (node failure, a hard eviction, a force delete): the ReplicaSet's new pod has a
// new name, which is its host name, while the lock row in refs.sqlite still names
// the old pod. Rendered with helm; the server runs as a real process with the
// Deployment's own arguments. No control plane needed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAllYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Store } from '../../packages/store/dist/index.js';
import { useServerProcess, useTempDir } from '../../packages/test-utils/dist/index.js';
import { helmBinary } from './helmBinary.js';

const run = promisify(execFile);
const CHART = join(import.meta.dirname, '..', '..', 'charts', 'arca');

/** The server container's arguments after `server`, less --host/--port/--data (the test gives its own). */
async function chartServerArgs(): Promise<{ args: string[]; spec: any }> {
  const out = (await run(helmBinary(), ['template', 'arca', CHART, '--namespace', 'arca-system', '--kube-version', 'v1.34.4'], { maxBuffer: 16 << 20 })).stdout;
  const deployment = loadAllYaml(out).find((o: any) => o?.kind === 'Deployment' && o.metadata.name === 'arca-server') as any;
  const all: string[] = deployment.spec.template.spec.containers[0].args;
  expect(all[0]).toBe('server');
  const args: string[] = [];
  for (let i = 1; i < all.length; i++) {
    if (['--host', '--port', '--data'].includes(all[i]!)) i++;
    else args.push(all[i]!);
  }
  return { args, spec: deployment.spec };
}

describe('charts/arca server Deployment', { timeout: 60_000 }, () => {
  const tempDir = useTempDir('arca-chart-restart-');
  const startServerProcess = useServerProcess();

  it('a replacement pod starts over the lock a SIGKILLed pod left (another host name, pid 1), instead of crash-looping on DataDirInUse', async () => {
    const { args, spec } = await chartServerArgs();
    // What makes taking the lock over safe: one pod at a time, the old one gone before a new one starts.
    expect(spec.replicas).toBe(1);
    expect(spec.strategy.type).toBe('Recreate');
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    store.refs.db
      .prepare("INSERT OR REPLACE INTO server_lock (id, host, pid, token, started_at) VALUES (1, ?, 1, 'of-the-lost-pod', 'then')")
      .run('arca-server-6d5f8c7b9-q2x7k');
    await store.close();
    // Before: exit 1, "served by process 1 on arca-server-6d5f8c7b9-q2x7k ... start with --take-over", at every restart.
    const server = await startServerProcess(dataDir, { args });
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });
});
