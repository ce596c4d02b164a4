import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoordinationV1Api, CoreV1Api, CustomObjectsApi, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/test-utils/dist/index.js';
import { applyCrd } from './applyCrd.js';
import { freePortForTest, useControlPlane } from './k8s.js';
import { startArcaServer, startOperator, type Proc } from './processes.js';
import { registeredModels } from './registeredModels.js';
import { waitFor } from './waitFor.js';

const ns = 'serving';
const MODEL = 'team/model-registry/Digit Classifier';

interface Status {
  observedGeneration?: number;
  resolved?: { alias?: string; version: string; digest: string; shortDigest: string; resolvedAt: string };
  previous?: { version: string; digest: string };
  history?: { alias?: string; version: string; digest: string; rolledOutAt: string }[];
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

// Issue 4's end-to-end scenarios on a real control plane, a real `arca server`,
// the real CLI (`arca alias set`) and the real operator (`arca operator`).
// The tests build on each other, in order, like an operator's day.
describe('operator end to end', { timeout: 90_000 }, () => {
  const cp = useControlPlane();
  let dataDir: string;
  let port: number;
  let server: Proc & { url: string };
  let operatorA: Proc;
  let operatorB: Proc | undefined;
  let custom: CustomObjectsApi;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  const digests: string[] = [];
  const cli = async (...args: string[]) => {
    // As the site admin (runCli's default key); the operator reads with its own read-only key.
    const r = await runCli([...args, '--json'], { env: { ARCA_URL: server.url } });
    expect(r.code, r.stderr).toBe(0);
    return r.json<any>();
  };
  const logs = () => `--- operator A\n${operatorA?.output().slice(-4000)}\n--- operator B\n${operatorB?.output().slice(-2000) ?? ''}`;
  const getRm = async (name: string) => (await rms.get(name)) as { spec: any; status?: Status; metadata: any };
  const cond = (s: Status | undefined, type: string) => s?.conditions?.find((c) => c.type === type);
  const deployment = async (name: string): Promise<V1Deployment | undefined> => apps.readNamespacedDeployment({ name, namespace: ns }).catch(() => undefined);
  const digestOf = (d: V1Deployment | undefined) => d?.spec?.template?.metadata?.annotations?.['arca.dev/digest'];
  // What the operator writes to a Deployment. Not resourceVersion: the deployment
  // controller bumps it with status updates, late under load.
  const operatorWritten = (d: V1Deployment | undefined) => ({
    generation: d?.metadata?.generation,
    labels: d?.metadata?.labels,
    annotations: Object.fromEntries(Object.entries(d?.metadata?.annotations ?? {}).filter(([k]) => !k.startsWith('deployment.kubernetes.io/'))),
    spec: d?.spec,
  });
  const rms = registeredModels(() => custom, ns, (name) => ({
    registry: { url: server.url, tokenSecretRef: { name: 'arca-token' } },
    model: MODEL,
    replicas: 2,
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'serve', image: 'serve.invalid/onnx:1' }] } },
  }));
  const applyRm = rms.apply;
  const patchRm = rms.patch;
  /** Waits until the model's status is Ready for `digest` and the Deployment's pods all run it. */
  const waitRolledOut = async (name: string, digest: string) => {
    await waitFor(
      `${name} Ready with ${digest}`,
      async () => {
        const rm = await getRm(name);
        const d = await deployment(name);
        const s = d?.status;
        return (
          rm.status?.resolved?.digest === digest &&
          cond(rm.status, 'Ready')?.status === 'True' &&
          digestOf(d) === digest &&
          s?.updatedReplicas === 2 &&
          s?.readyReplicas === 2 &&
          s?.replicas === 2 &&
          rm
        );
      },
      60_000,
      logs,
    );
  };
  /** Moves production with the real CLI and measures until the Deployment pins the new digest. */
  const moveAndMeasure = async (toVersion: string, expectDigest: string, limitMs = 2_000) => {
    const before = await deployment('digits');
    const moved = await cli('alias', 'set', `${MODEL}:${toVersion}`, 'production', '--reason', 'e2e');
    expect(moved.version.digest).toBe(expectDigest);
    const seen = await waitFor('Deployment pinned to the new digest', async () => digestOf(await deployment('digits')) === expectDigest && Date.now(), 10_000, logs);
    const log = await cli('alias', 'log', MODEL);
    const movedAt = Date.parse(log.entries.at(-1).time);
    const latency = seen - movedAt;
    console.log(`alias move (${toVersion}) -> Deployment pinned to ${expectDigest.slice(0, 15)}: ${latency} ms`);
    expect(latency).toBeLessThan(limitMs);
    expect(before?.metadata?.generation).toBeLessThan((await deployment('digits'))!.metadata!.generation!);
    return latency;
  };

  beforeAll(async () => {
    custom = cp().kubeConfig.makeApiClient(CustomObjectsApi);
    apps = cp().kubeConfig.makeApiClient(AppsV1Api);
    core = cp().kubeConfig.makeApiClient(CoreV1Api);
    await applyCrd(cp().kubeConfig);
    await cp().createNamespace(ns);

    dataDir = mkdtempSync(join(tmpdir(), 'arca-e2e-k8s-'));
    port = await freePortForTest();
    server = await startArcaServer(dataDir, port);
    // The operator's identity: a service account that may only read team "team", with a read-only key.
    await cli('team', 'create', 'team');
    await cli('user', 'create', 'k8s-operator', '--service-account');
    await cli('team', 'add', 'team', 'k8s-operator', '--role', 'viewer');
    const { secret } = await cli('key', 'create', '--user', 'k8s-operator', '--read-only', '--description', 'operator e2e');
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'arca-token' }, stringData: { token: secret } } });
    // Two checkpoints of one model, both linked into the registry (v0, v1); production on v0.
    const work = mkdtempSync(join(tmpdir(), 'arca-e2e-files-'));
    for (const epoch of [1, 2]) {
      const dir = join(work, `epoch${epoch}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'model.onnx'), `weights of epoch ${epoch}\n`.repeat(1000));
      await cli('log', 'team/mnist/model', dir, '--type', 'model');
    }
    rmSync(work, { recursive: true, force: true });
    digests.push((await cli('link', 'team/mnist/model:v0', MODEL, '--alias', 'production')).version.digest);
    digests.push((await cli('link', 'team/mnist/model:v1', MODEL)).version.digest);
    // --resync 60: within a test, an alias move can reach the operator only through the registry's event stream.
    operatorA = startOperator(cp().kubeconfigPath, ['--id', 'operator-a', '--puller-image', 'arca.invalid/arca:test', '--resync', '60', '--lease-duration', '4', '--max-backoff', '2', '--lease-namespace', 'default']);
  }, 120_000);

  afterAll(async () => {
    await operatorA?.kill();
    await operatorB?.kill();
    await server?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('1. a RegisteredModel following production gets a Deployment pinned to its digest, Ready on the kwok node', async () => {
    await applyRm('digits', {});
    await waitRolledOut('digits', digests[0]!);
    const rm = await getRm('digits');
    expect(rm.status!.resolved).toMatchObject({ alias: 'production', version: 'v0', digest: digests[0], shortDigest: digests[0]!.slice(0, 15) });
    expect(rm.status!.observedGeneration).toBe(rm.metadata.generation);
    expect(cond(rm.status, 'AliasResolved')).toMatchObject({ status: 'True', reason: 'Resolved' });
    expect(cond(rm.status, 'Degraded')).toMatchObject({ status: 'False' });
    expect(cond(rm.status, 'Progressing')).toMatchObject({ status: 'False', reason: 'RolloutComplete' });

    const d = (await deployment('digits'))!;
    expect(d.metadata!.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'arca.dev/v1alpha1', kind: 'RegisteredModel', name: 'digits', uid: rm.metadata.uid, controller: true }),
    ]);
    expect(d.metadata!.managedFields!.map((f) => [f.manager, f.operation])).toContainEqual(['arca-operator', 'Apply']);
    const pod = d.spec!.template.spec!;
    expect(pod.initContainers![0]).toMatchObject({
      name: 'arca-pull',
      image: 'arca.invalid/arca:test',
      command: ['arca'],
      args: ['pull', `${MODEL}@${digests[0]}`, '/models'],
      volumeMounts: [{ name: 'arca-model', mountPath: '/models' }],
    });
    expect(pod.initContainers![0]!.env).toContainEqual({ name: 'ARCA_URL', value: server.url });
    expect(pod.initContainers![0]!.env).toContainEqual({ name: 'ARCA_API_KEY', valueFrom: { secretKeyRef: { name: 'arca-token', key: 'token' } } });
    expect(pod.containers[0]!.volumeMounts).toEqual([{ name: 'arca-model', mountPath: '/models', readOnly: true }]);
    expect(pod.volumes).toEqual([{ name: 'arca-model', emptyDir: {} }]);

    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'arca.dev/registered-model=digits' });
    expect(pods.items).toHaveLength(2);
    for (const p of pods.items) {
      expect(p.spec!.nodeName).toBe(cp().nodeName);
      expect(p.metadata!.annotations!['arca.dev/digest']).toBe(digests[0]);
      expect(p.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    }
  });

  it('2. moving production with `arca alias set` re-pins the Deployment within 2 s and rolls out a new ReplicaSet', async () => {
    await moveAndMeasure('v1', digests[1]!);
    await waitRolledOut('digits', digests[1]!);
    const rm = await getRm('digits');
    expect(rm.status!.resolved).toMatchObject({ alias: 'production', version: 'v1', digest: digests[1] });
    expect(rm.status!.previous).toEqual({ version: 'v0', digest: digests[0] });
    expect(rm.status!.history!.map((h) => h.digest)).toEqual([digests[1], digests[0]]);
    const sets = await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'arca.dev/registered-model=digits' });
    const byDigest = new Map(sets.items.map((s) => [s.spec!.template!.metadata!.annotations!['arca.dev/digest'], s]));
    expect(byDigest.get(digests[1])!.status!.readyReplicas).toBe(2);
    expect(byDigest.get(digests[0])!.spec!.replicas).toBe(0);
  });

  it('3. moving it back rolls back the same way, reusing the old ReplicaSet', async () => {
    await moveAndMeasure('v0', digests[0]!);
    await waitRolledOut('digits', digests[0]!);
    const rm = await getRm('digits');
    expect(rm.status!.resolved).toMatchObject({ version: 'v0', digest: digests[0] });
    expect(rm.status!.previous).toEqual({ version: 'v1', digest: digests[1] });
    expect(rm.status!.history!.map((h) => h.version)).toEqual(['v0', 'v1', 'v0']);
    const sets = await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'arca.dev/registered-model=digits' });
    expect(sets.items).toHaveLength(2);
    const events = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=digits,involvedObject.kind=RegisteredModel' });
    const reasons = events.items.map((e) => e.reason);
    for (const r of ['Resolved', 'RollingOut', 'RolledOut']) expect(reasons).toContain(r);
  });

  it('4. with the Arca server stopped the Deployment stays untouched and status is Degraded; restarted, the operator recovers', async () => {
    const before = (await deployment('digits'))!;
    await server.kill('SIGTERM');
    const down = await waitFor('Degraded RegistryUnreachable', async () => {
      const s = (await getRm('digits')).status;
      return cond(s, 'Degraded')?.status === 'True' && s;
    }, 30_000, logs);
    expect(cond(down, 'Degraded')).toMatchObject({ reason: 'RegistryUnreachable' });
    expect(cond(down, 'Degraded')!.message).toContain(server.url);
    expect(cond(down, 'Degraded')!.message).toContain('keeps serving v0');
    expect(cond(down, 'AliasResolved')).toMatchObject({ status: 'False', reason: 'RegistryUnreachable' });
    expect(cond(down, 'Ready')).toMatchObject({ status: 'True' });
    // Several retries later, nothing was written to the Deployment.
    await new Promise((r) => setTimeout(r, 3_000));
    const during = (await deployment('digits'))!;
    expect(operatorWritten(during)).toEqual(operatorWritten(before));
    const warnings = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=digits,type=Warning' });
    expect(warnings.items.map((e) => e.reason)).toContain('RegistryUnreachable');

    server = await startArcaServer(dataDir, port);
    const up = await waitFor('Degraded cleared', async () => {
      const s = (await getRm('digits')).status;
      return cond(s, 'Degraded')?.status === 'False' && s;
    }, 30_000, logs);
    expect(cond(up, 'AliasResolved')).toMatchObject({ status: 'True' });
    expect(cond(up, 'Ready')).toMatchObject({ status: 'True' });
    expect(up.resolved!.digest).toBe(digests[0]);
    expect(digestOf(await deployment('digits'))).toBe(digests[0]);
  });

  it('5. invalid specs get a clear condition and no Deployment; a malformed object is refused by the schema', async () => {
    const before = (await deployment('digits'))!;
    await applyRm('unknown-model', { model: 'team/model-registry/No Such Model' });
    await applyRm('no-secret', { registry: { url: server.url, tokenSecretRef: { name: 'missing' } } });
    await applyRm('no-alias', { alias: 'canary' });
    const expected: [string, string, string][] = [
      ['unknown-model', 'ModelNotFound', 'team/model-registry/No Such Model'],
      ['no-secret', 'SecretNotFound', 'Secret serving/missing'],
      ['no-alias', 'AliasNotFound', 'alias canary'],
    ];
    for (const [name, reason, text] of expected) {
      const s = await waitFor(`${name} Degraded`, async () => {
        const st = (await getRm(name)).status;
        return cond(st, 'Degraded')?.status === 'True' && st;
      }, 30_000, logs);
      expect(cond(s, 'Degraded')!.reason).toBe(reason);
      expect(cond(s, 'Degraded')!.message).toContain(text);
      expect(cond(s, 'AliasResolved')).toMatchObject({ status: 'False', reason });
      expect(await deployment(name)).toBeUndefined();
    }
    // A bad alias name never reaches the operator: the schema refuses it.
    const refused = await applyRm('bad-alias', { alias: 'prod..1' }).catch((e: { code: number; body: string }) => e);
    expect((refused as { code: number }).code).toBe(422);
    expect((refused as { body: string }).body).toContain('spec.alias');
    // Breaking a served model's spec leaves its Deployment exactly as it was.
    await patchRm('digits', { model: 'team/model-registry/Gone' });
    const broken = await waitFor('digits Degraded ModelNotFound', async () => {
      const st = (await getRm('digits')).status;
      return cond(st, 'Degraded')?.reason === 'ModelNotFound' && st;
    }, 30_000, logs);
    expect(cond(broken, 'Ready')!.status).toBe('True');
    expect(operatorWritten(await deployment('digits'))).toEqual(operatorWritten(before));
    await patchRm('digits', { model: MODEL });
    await waitFor('digits recovered', async () => cond((await getRm('digits')).status, 'Degraded')?.status === 'False', 30_000, logs);
  });

  it('6. killing the leader of two replicas: the other takes over within the lease time and keeps reconciling', async () => {
    operatorB = startOperator(cp().kubeconfigPath, ['--id', 'operator-b', '--puller-image', 'arca.invalid/arca:test', '--resync', '60', '--lease-duration', '4', '--max-backoff', '2', '--lease-namespace', 'default']);
    const coord = cp().kubeConfig.makeApiClient(CoordinationV1Api);
    const holder = async () => (await coord.readNamespacedLease({ name: 'arca-operator', namespace: 'default' })).spec?.holderIdentity;
    expect(await holder()).toBe('operator-a');
    await waitFor('operator B running', async () => operatorB!.output().includes('"msg":"started"'), 20_000, logs);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await holder()).toBe('operator-a');

    const killedAt = Date.now();
    await operatorA.kill('SIGKILL');
    await waitFor('operator-b holds the Lease', async () => (await holder()) === 'operator-b', 15_000, logs);
    const takeover = Date.now() - killedAt;
    console.log(`leader killed -> operator-b holds the Lease after ${takeover} ms (lease duration 4000 ms)`);
    // client-go semantics: expiry is measured from when the candidate last saw the record change,
    // so takeover is the lease duration plus up to two retry periods (0.52 s), plus load.
    expect(takeover).toBeLessThan(4_000 + 3_000);

    // The new leader lists, watches and re-resolves everything first; the 2 s bound is test 2's.
    await moveAndMeasure('v1', digests[1]!, 10_000);
    await waitRolledOut('digits', digests[1]!);
    expect(operatorB.output()).toContain('"msg":"rolling out"');
  });

  it('7. a pinned digest ignores alias moves; suspend freezes the Deployment; deleting the model deletes the Deployment', async () => {
    await applyRm('pinned', { digest: digests[0] });
    await waitRolledOut('pinned', digests[0]!);
    expect((await getRm('pinned')).status!.resolved).toEqual(expect.not.objectContaining({ alias: expect.anything() }));
    await patchRm('digits', { suspend: true });
    await waitFor('digits Suspended', async () => cond((await getRm('digits')).status, 'Progressing')?.reason === 'Suspended', 30_000, logs);
    const frozen = (await deployment('digits'))!;
    const current = (await getRm('digits')).status!.resolved!.digest;
    const other = current === digests[0] ? 'v1' : 'v0';
    await cli('alias', 'set', `${MODEL}:${other}`, 'production', '--reason', 'while suspended');
    await new Promise((r) => setTimeout(r, 3_000));
    expect(operatorWritten(await deployment('digits'))).toEqual(operatorWritten(frozen));
    expect(digestOf(await deployment('pinned'))).toBe(digests[0]);
    await patchRm('digits', { suspend: false });
    const moved = current === digests[0] ? digests[1]! : digests[0]!;
    await waitFor('digits follows again after suspend', async () => digestOf(await deployment('digits')) === moved, 30_000, logs);

    await rms.remove('pinned');
    await waitFor('the garbage collector deletes the owned Deployment', async () => (await deployment('pinned')) === undefined, 30_000, logs);
    expect(await deployment('digits')).toBeDefined();
  });

  it('8. a wrong token, then a token of a user outside the team: the Deployment stays, status names the cause; the right one recovers', async () => {
    await waitFor('digits Ready before', async () => cond((await getRm('digits')).status, 'Ready')?.status === 'True', 30_000, logs);
    const before = (await deployment('digits'))!;
    const serving = (await getRm('digits')).status!.resolved!;
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'wrong-token' }, stringData: { token: 'arca_nosuchkey_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG' } } });
    const outsider = await cli('user', 'create', 'outsider', '--service-account').then(() => cli('key', 'create', '--user', 'outsider', '--read-only'));
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'outsider-token' }, stringData: { token: outsider.secret } } });

    const degradedWith = async (secretName: string, reason: string) => {
      await patchRm('digits', { registry: { url: server.url, tokenSecretRef: { name: secretName } } });
      const s = await waitFor(`Degraded ${reason}`, async () => {
        const rm = await getRm('digits');
        const d = cond(rm.status, 'Degraded');
        return rm.status?.observedGeneration === rm.metadata.generation && d?.status === 'True' && d.reason === reason && rm.status;
      }, 30_000, logs);
      expect(cond(s, 'AliasResolved')).toMatchObject({ status: 'False', reason });
      expect(cond(s, 'Degraded')!.message).toContain(`keeps serving ${serving.version}`);
      expect(cond(s, 'Ready')).toMatchObject({ status: 'True' });
      expect(s.resolved!.digest).toBe(serving.digest);
      return s;
    };

    const wrong = await degradedWith('wrong-token', 'Unauthorized');
    expect(cond(wrong, 'Degraded')!.message).toContain('refused the token (401)');
    const hidden = await degradedWith('outsider-token', 'ModelNotFound');
    expect(cond(hidden, 'Degraded')!.message).toContain('no role in team team');
    // Retries with backoff meanwhile wrote nothing to the Deployment.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(operatorWritten(await deployment('digits'))).toEqual(operatorWritten(before));
    const warnings = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=digits,type=Warning' });
    expect(warnings.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['Unauthorized', 'ModelNotFound']));

    await patchRm('digits', { registry: { url: server.url, tokenSecretRef: { name: 'arca-token' } } });
    const ok = await waitFor('Degraded cleared with the right token', async () => {
      const s = (await getRm('digits')).status;
      return cond(s, 'Degraded')?.status === 'False' && s;
    }, 30_000, logs);
    expect(cond(ok, 'AliasResolved')).toMatchObject({ status: 'True' });
    expect(ok.resolved!.digest).toBe(serving.digest);
  });
});
