import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/test-utils/dist/index.js';
import { applyCrd } from './applyCrd.js';
import { freePortForTest, useControlPlane } from './k8s.js';
import { startArcaServer, startOperator, type Proc } from './processes.js';
import { registeredModels } from './registeredModels.js';
import { waitFor } from './waitFor.js';

const ns = 'status';
const MODEL = 'team/model-registry/Status Model';

interface Status {
  observedGeneration?: number;
  resolved?: { alias?: string; version: string; digest: string };
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

// A spec edited after the model was served, and a model that keeps failing, on
// a real control plane with a real `arca server` and `arca operator --resync 1`.
describe('operator status and retries', { timeout: 120_000 }, () => {
  const cp = useControlPlane();
  let dataDir: string;
  let server: Proc & { url: string };
  let operator: Proc;
  let custom: CustomObjectsApi;
  let apps: AppsV1Api;
  const digests: string[] = [];
  const cli = async (...args: string[]) => {
    const r = await runCli([...args, '--json'], { env: { ARCA_URL: server.url } });
    expect(r.code, r.stderr).toBe(0);
    return r.json<any>();
  };
  const logs = () => operator.output().slice(-4000);
  const getRm = async (name: string) => (await rms.get(name)) as { status?: Status; metadata: { generation: number } };
  const cond = (s: Status | undefined, type: string) => s?.conditions?.find((c) => c.type === type);
  const deployment = async (name: string): Promise<V1Deployment | undefined> => apps.readNamespacedDeployment({ name, namespace: ns }).catch(() => undefined);
  const digestOf = (d: V1Deployment | undefined) => d?.spec?.template?.metadata?.annotations?.['arca.dev/digest'];
  const rms = registeredModels(() => custom, ns, () => ({
    registry: { url: server.url, tokenSecretRef: { name: 'arca-token' } },
    model: MODEL,
    template: { spec: { containers: [{ name: 'serve', image: 'serve.invalid/onnx:1' }] } },
  }));
  const applyRm = rms.apply;
  const patchRm = rms.patch;

  beforeAll(async () => {
    custom = cp().kubeConfig.makeApiClient(CustomObjectsApi);
    apps = cp().kubeConfig.makeApiClient(AppsV1Api);
    await applyCrd(cp().kubeConfig);
    await cp().createNamespace(ns);
    dataDir = mkdtempSync(join(tmpdir(), 'arca-status-'));
    server = await startArcaServer(dataDir, await freePortForTest());
    await cli('team', 'create', 'team');
    const work = mkdtempSync(join(tmpdir(), 'arca-status-files-'));
    for (const epoch of [1, 2]) {
      const dir = join(work, `epoch${epoch}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'model.onnx'), `weights of epoch ${epoch}\n`);
      await cli('log', 'team/mnist/model', dir, '--type', 'model');
    }
    rmSync(work, { recursive: true, force: true });
    digests.push((await cli('link', 'team/mnist/model:v0', MODEL, '--alias', 'production')).version.digest);
    digests.push((await cli('link', 'team/mnist/model:v1', MODEL)).version.digest);
    const { secret } = await cli('key', 'create', '--read-only');
    await cp().kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'arca-token' }, stringData: { token: secret } } });
    operator = startOperator(cp().kubeconfigPath, ['--id', 'status', '--puller-image', 'arca.invalid/arca:test', '--resync', '1', '--max-backoff', '2', '--no-leader-election']);
  }, 120_000);

  afterAll(async () => {
    await operator?.kill();
    await server?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a model switched from following an alias to a pinned digest no longer shows the alias in status, and back', async () => {
    await applyRm('switch', {});
    await waitFor('switch Ready on production', async () => {
      const s = (await getRm('switch')).status;
      return cond(s, 'Ready')?.status === 'True' && s?.resolved?.digest === digests[0];
    }, 60_000, logs);
    await patchRm('switch', { alias: null, digest: digests[1] });
    const pinned = await waitFor('switch pinned to v1', async () => {
      const rm = await getRm('switch');
      return digestOf(await deployment('switch')) === digests[1] && rm.status?.observedGeneration === rm.metadata.generation && rm.status?.resolved?.digest === digests[1] && rm.status;
    }, 30_000, logs);
    // kubectl get prints .status.resolved.alias in the Alias column: a pinned model follows none.
    expect(pinned.resolved).toEqual(expect.not.objectContaining({ alias: expect.anything() }));
    expect(cond(pinned, 'AliasResolved')!.message).toContain('pinned v1');

    await patchRm('switch', { digest: null, alias: 'production' });
    const following = await waitFor('switch follows production again', async () => {
      const s = (await getRm('switch')).status;
      return digestOf(await deployment('switch')) === digests[0] && s?.resolved?.digest === digests[0] && s;
    }, 30_000, logs);
    expect(following.resolved).toMatchObject({ alias: 'production', version: 'v0' });
  });

  it('a model that keeps failing is retried at the backoff rate, not more often the longer it fails', async () => {
    await applyRm('failing', { registry: { url: server.url, tokenSecretRef: { name: 'missing' } } });
    await waitFor('failing Degraded SecretNotFound', async () => cond((await getRm('failing')).status, 'Degraded')?.reason === 'SecretNotFound', 30_000, logs);
    const failures = () => operator.output().split('\n').filter((l) => l.includes('"msg":"reconcile failed"') && l.includes('"name":"failing"')).length;
    // Every resync (1 s) requeues it while it backs off (2 s at most): each used to start one more retry chain.
    await new Promise((r) => setTimeout(r, 10_000));
    const from = failures();
    await new Promise((r) => setTimeout(r, 10_000));
    const attempts = failures() - from;
    // One per resync plus one per backoff is at most 15 in 10 s (load adds some slack).
    expect(attempts).toBeLessThanOrEqual(20);
  });
});
