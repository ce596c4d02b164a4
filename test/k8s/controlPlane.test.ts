import { AppsV1Api, CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { insecureGetForTest, useControlPlane } from './k8s.js';

// The harness itself: a real control plane with token auth and RBAC, a kwok
// node, and a Deployment whose pods get scheduled and become Ready.
describe('test control plane', () => {
  const cp = useControlPlane({ users: { nobody: [] } });

  it('serves the pinned Kubernetes version and refuses anonymous and unauthorized users', async () => {
    const version = await cp().kubeConfig.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(cp().versions.K8S_VERSION ?? 'v1.34.4');
    const anonymous = await insecureGetForTest(`${cp().server}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    const kc = new KubeConfig();
    kc.loadFromFile(cp().userKubeconfigs.nobody!);
    await expect(kc.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 403 });
  });

  it('schedules a Deployment onto the kwok node and its pods become Ready', async () => {
    await cp().createNamespace('harness');
    const apps = cp().kubeConfig.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'harness',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'fake.invalid/none' }] } },
        },
      },
    });
    const deadline = Date.now() + 60_000;
    let ready = 0;
    while (Date.now() < deadline) {
      ready = (await apps.readNamespacedDeployment({ name: 'web', namespace: 'harness' })).status?.readyReplicas ?? 0;
      if (ready === 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready, cp().logs()).toBe(2);
    const pods = await cp().kubeConfig.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'harness' });
    expect(pods.items.map((p) => p.spec?.nodeName)).toEqual([cp().nodeName, cp().nodeName]);
  });
});

describe('missing binaries', () => {
  it('fail with BinariesMissing, naming the build script', async () => {
    const { k8sBinaries } = await import('./k8s.js');
    let caught: unknown;
    try {
      k8sBinaries({ ARCA_K8S_CACHE: '/nonexistent/arca-k8s-cache' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'BinariesMissing' });
    expect((caught as Error).message).toContain('scripts/k8s/build-binaries.sh');
  });
});
