import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  loadAllYaml,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/test-utils/dist/index.js';
import { CRD_PATH } from './applyCrd.js';
import { freePortForTest, useControlPlane } from './k8s.js';
import { helmBinary } from './helmBinary.js';
import { startArcaServer, startOperator, type Proc } from './processes.js';
import { waitFor } from './waitFor.js';

const run = promisify(execFile);
const CHART = join(import.meta.dirname, '..', '..', 'charts', 'arca');
const RELEASE_NS = 'arca-system';
const SA_USER = `system:serviceaccount:${RELEASE_NS}:arca-operator`;

async function helm(...args: string[]): Promise<string> {
  return (await run(helmBinary(), args, { maxBuffer: 16 << 20 })).stdout;
}

async function render(kubeVersion: string, ...set: string[]): Promise<KubernetesObject[]> {
  // helm template assumes an old Kubernetes without a cluster; the chart's kubeVersion needs the real one.
  const out = await helm('template', 'arca', CHART, '--namespace', RELEASE_NS, '--include-crds', '--kube-version', kubeVersion, ...set.flatMap((s) => ['--set', s]));
  return loadAllYaml(out).filter((o): o is KubernetesObject => !!o);
}

// charts/arca: helm lint and template pass, every rendered object is accepted by
// the real apiserver (server-side apply, dry run), and the operator's RBAC is
// enough for a real rollout and nothing more.
describe('Helm chart', { timeout: 120_000 }, () => {
  const cp = useControlPlane({ users: { [SA_USER]: ['system:serviceaccounts', `system:serviceaccounts:${RELEASE_NS}`] } });
  let objects: KubernetesObjectApi;
  const kubeVersion = () => cp().versions.K8S_VERSION ?? 'v1.34.4';
  beforeAll(async () => {
    objects = KubernetesObjectApi.makeApiClient(cp().kubeConfig);
    await cp().createNamespace(RELEASE_NS);
  });

  it('passes helm lint and ships the CRD of crds/ unchanged', async () => {
    const out = await helm('lint', CHART, '--strict');
    expect(out).toContain('0 chart(s) failed');
    expect(readFileSync(join(CHART, 'crds', 'registeredmodels.arca.dev.yaml'), 'utf8')).toBe(readFileSync(CRD_PATH, 'utf8'));
  });

  it.each([[[] as string[]], [['operator.watchNamespace=serving', 'server.adminKey.existingSecret=mine', 'operator.pullerImage=reg.example/arca:2']]])(
    'renders manifests the apiserver accepts (server-side dry run), values %j',
    async (set) => {
      const rendered = await render(kubeVersion(), ...set);
      const kinds = rendered.map((o) => `${o.kind}/${o.metadata!.name}`).sort();
      const watch = set.length > 0;
      expect(kinds).toEqual(
        [
          'CustomResourceDefinition/registeredmodels.arca.dev',
          `${watch ? 'Role' : 'ClusterRole'}/arca-operator`,
          `${watch ? 'RoleBinding' : 'ClusterRoleBinding'}/arca-operator`,
          'Role/arca-operator-leader-election',
          'RoleBinding/arca-operator-leader-election',
          'ServiceAccount/arca-operator',
          'Deployment/arca-operator',
          'Deployment/arca-server',
          'Service/arca',
          'PersistentVolumeClaim/arca-data',
          ...(watch ? [] : ['Secret/arca-admin']),
        ].sort(),
      );
      if (watch) await cp().createNamespace('serving').catch(() => undefined);
      // The CRD first, for real, as helm installs crds/ before the templates.
      const crd = rendered.find((o) => o.kind === 'CustomResourceDefinition')!;
      await objects.patch(crd, undefined, undefined, 'chart-test', true, PatchStrategy.ServerSideApply);
      for (const o of rendered.filter((x) => x.kind !== 'CustomResourceDefinition')) {
        await expect(objects.patch(o, undefined, 'All', 'chart-test', true, PatchStrategy.ServerSideApply), `${o.kind}/${o.metadata!.name}`).resolves.toBeTruthy();
      }
      const op = rendered.find((o) => o.kind === 'Deployment' && o.metadata!.name === 'arca-operator') as any;
      const args: string[] = op.spec.template.spec.containers[0].args;
      expect(args).toContain(watch ? '--puller-image=reg.example/arca:2' : '--puller-image=ghcr.io/arca-dev/arca:0.1.0');
      expect(args.includes('--namespace=serving')).toBe(watch);
    },
  );

  describe('operator RBAC', () => {
    let server: Proc & { url: string };
    let operator: Proc | undefined;
    let dataDir: string;
    beforeAll(async () => {
      for (const o of (await render(kubeVersion())).filter((x) => /Role|ServiceAccount|CustomResourceDefinition/.test(x.kind!))) {
        await objects.patch(o, undefined, undefined, 'chart-test', true, PatchStrategy.ServerSideApply);
      }
      dataDir = mkdtempSync(join(tmpdir(), 'arca-chart-'));
      server = await startArcaServer(dataDir, await freePortForTest());
    });
    afterAll(async () => {
      await operator?.kill();
      await server?.kill();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('grants the operator only what it uses', async () => {
      const authz = cp().kubeConfig.makeApiClient(AuthorizationV1Api);
      const can = async (verb: string, resource: string, group = '', namespace = 'team-a', name?: string, subresource?: string) =>
        (
          await authz.createSubjectAccessReview({
            body: { spec: { user: SA_USER, groups: ['system:serviceaccounts'], resourceAttributes: { verb, resource, group, namespace, ...(name ? { name } : {}), ...(subresource ? { subresource } : {}) } } },
          })
        ).status!.allowed;
      for (const [verb, resource, group, sub] of [
        ['watch', 'registeredmodels', 'arca.dev'],
        ['patch', 'registeredmodels', 'arca.dev', 'status'],
        ['patch', 'deployments', 'apps'],
        ['create', 'deployments', 'apps'],
        ['get', 'secrets', ''],
        ['create', 'events', ''],
      ] as const) {
        expect(await can(verb, resource, group, 'team-a', undefined, sub), `${verb} ${resource}`).toBe(true);
      }
      for (const [verb, resource, group] of [
        ['delete', 'deployments', 'apps'],
        ['update', 'registeredmodels', 'arca.dev'],
        ['list', 'secrets', ''],
        ['get', 'pods', ''],
        ['create', 'pods', ''],
        ['delete', 'registeredmodels', 'arca.dev'],
      ] as const) {
        expect(await can(verb, resource, group), `${verb} ${resource}`).toBe(false);
      }
      expect(await can('update', 'leases', 'coordination.k8s.io', RELEASE_NS, 'arca-operator')).toBe(true);
      expect(await can('update', 'leases', 'coordination.k8s.io', RELEASE_NS, 'kube-scheduler')).toBe(false);
      expect(await can('update', 'leases', 'coordination.k8s.io', 'team-a', 'arca-operator')).toBe(false);
    });

    it('is enough for a real rollout: the operator as its ServiceAccount serves a model', async () => {
      const env = { ARCA_URL: server.url };
      // Only teams hold collections: the team first, then what the operator will serve.
      expect((await runCli(['team', 'create', 'team'], { env })).code).toBe(0);
      const work = mkdtempSync(join(tmpdir(), 'arca-chart-files-'));
      await import('node:fs').then((fs) => fs.writeFileSync(join(work, 'model.onnx'), 'weights'));
      expect((await runCli(['log', 'team/p/model', join(work, 'model.onnx'), '--type', 'model'], { env })).code).toBe(0);
      const linked = await runCli(['link', 'team/p/model:v0', 'team/model-registry/Chart', '--alias', 'production', '--json'], { env });
      rmSync(work, { recursive: true, force: true });
      const digest = linked.json<{ version: { digest: string } }>().version.digest;
      await cp().createNamespace('team-a');
      // The registry side of the operator's identity: a read-only key of a viewer of team "team".
      for (const args of [['user', 'create', 'chart-operator', '--service-account'], ['team', 'add', 'team', 'chart-operator', '--role', 'viewer']]) {
        expect((await runCli(args, { env })).code).toBe(0);
      }
      const key = await runCli(['key', 'create', '--user', 'chart-operator', '--read-only', '--json'], { env });
      const token = key.json<{ secret: string }>().secret;
      await cp().kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: 'team-a', body: { metadata: { name: 'tok' }, stringData: { token } } });
      operator = startOperator(cp().userKubeconfigs[SA_USER]!, ['--puller-image', 'arca:test', '--resync', '1', '--lease-name', 'arca-operator', '--lease-namespace', RELEASE_NS, '--lease-duration', '4']);
      const custom = cp().kubeConfig.makeApiClient(CustomObjectsApi);
      await custom.createNamespacedCustomObject({
        group: 'arca.dev', version: 'v1alpha1', plural: 'registeredmodels', namespace: 'team-a',
        body: {
          apiVersion: 'arca.dev/v1alpha1', kind: 'RegisteredModel', metadata: { name: 'chart' },
          spec: { registry: { url: server.url, tokenSecretRef: { name: 'tok' } }, model: 'team/model-registry/Chart', template: { spec: { containers: [{ name: 's', image: 's' }] } } },
        },
      });
      const status = await waitFor('Ready as the ServiceAccount', async () => {
        const rm = (await custom.getNamespacedCustomObject({ group: 'arca.dev', version: 'v1alpha1', plural: 'registeredmodels', namespace: 'team-a', name: 'chart' })) as any;
        return rm.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' && rm.status;
      }, 60_000, () => operator!.output().slice(-3000));
      expect(status.resolved.digest).toBe(digest);
      const events = await cp().kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'team-a' });
      expect(events.items.map((e) => e.reason)).toContain('RolledOut');
      expect(operator.output()).not.toContain('forbidden');
    });
  });
});
