import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type ApiException, type KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCrd } from './applyCrd.js';
import { useControlPlane } from './k8s.js';

const group = 'arca.dev';
const version = 'v1alpha1';
const plural = 'registeredmodels';
const namespace = 'crd';
const DIGEST = 'b3:' + 'ab'.repeat(32);

function model(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'arca.dev/v1alpha1',
    kind: 'RegisteredModel',
    metadata: { name },
    spec: {
      registry: { url: 'http://arca.example:8420', tokenSecretRef: { name: 'arca-token' } },
      model: 'team/model-registry/Digit Classifier',
      template: { spec: { containers: [{ name: 'serve', image: 'serve:1' }] } },
      ...spec,
    },
  };
}

// The CRD of crds/ on a real apiserver: accepted, defaulted, and a malformed
// object is refused by the schema with the field named.
describe('RegisteredModel CRD', () => {
  const cp = useControlPlane();
  let api: CustomObjectsApi;
  beforeAll(async () => {
    await applyCrd(cp().kubeConfig);
    await cp().createNamespace(namespace);
    api = cp().kubeConfig.makeApiClient(CustomObjectsApi);
  }, 60_000);

  const create = (body: object) => api.createNamespacedCustomObject({ group, version, namespace, plural, body });

  it('accepts a well-formed object and fills the defaults', async () => {
    const got = (await create(model('ok', {}))) as { spec: Record<string, unknown> };
    expect(got.spec).toMatchObject({ replicas: 1, mountPath: '/models', suspend: false, registry: { tokenSecretRef: { name: 'arca-token', key: 'token' } } });
    expect(got.spec.alias).toBeUndefined();
    await create(model('pinned', { digest: DIGEST, replicas: 0, mountPath: '/srv/m' }));
    await create(model('follows', { alias: 'rc-1.2_final' }));
  });

  it.each([
    ['a model with two parts', { model: 'team/Digit' }, 'spec.model'],
    ['a model with ".."', { model: 'team/model-registry/a..b' }, 'spec.model'],
    ['a model part ending in .lock', { model: 'team.lock/model-registry/x' }, 'spec.model'],
    ['an alias with ".."', { alias: 'a..b' }, 'spec.alias'],
    ['an alias with a slash', { alias: 'feature/x' }, 'spec.alias'],
    ['an alias ending in .lock', { alias: 'prod.lock' }, 'spec.alias'],
    ['an alias starting with "."', { alias: '.hidden' }, 'spec.alias'],
    ['a version number as alias', { alias: 'v3' }, 'spec.alias'],
    ['a digest without b3:', { digest: 'ab'.repeat(32) }, 'spec.digest'],
    ['a short digest', { digest: 'b3:abcdef' }, 'spec.digest'],
    ['both alias and digest', { alias: 'production', digest: DIGEST }, 'spec'],
    ['negative replicas', { replicas: -1 }, 'spec.replicas'],
    ['a relative mountPath', { mountPath: 'models' }, 'spec.mountPath'],
    ['a mountPath with ..', { mountPath: '/a/../etc' }, 'spec.mountPath'],
    ['a registry URL that is not http(s)', { registry: { url: 'ftp://x' } }, 'spec.registry.url'],
    ['a template without containers', { template: { spec: {} } }, 'spec.template.spec.containers'],
    // Left out, the operator's --puller-image is used; empty, the Deployment itself was refused (422) at every reconcile.
    ['an empty pullerImage', { pullerImage: '' }, 'spec.pullerImage'],
  ])('refuses %s (422 naming the field)', async (_what, spec, field) => {
    const err = (await create(model('bad', spec)).then(
      () => undefined,
      (e: unknown) => e,
    )) as ApiException<string> | undefined;
    expect(err?.code).toBe(422);
    const status = JSON.parse(err!.body) as { reason: string; details: { causes: { field: string }[] } };
    expect(status.reason).toBe('Invalid');
    expect(status.details.causes.map((c) => c.field)).toContain(field);
  });

  it('keeps status in its own subresource and prints the columns kubectl get shows', async () => {
    await api.patchNamespacedCustomObjectStatus(
      { group, version, namespace, plural, name: 'ok', body: { status: { resolved: { alias: 'production', version: 'v2', digest: DIGEST, shortDigest: DIGEST.slice(0, 15) }, conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const table = await fetchTable(cp().server, cp().kubeConfig);
    const cols = table.columnDefinitions.map((c) => c.name);
    expect(cols).toEqual(['Name', 'Alias', 'Version', 'Digest', 'Ready', 'Age']);
    const ok = table.rows.find((r) => r.cells[0] === 'ok')!;
    expect(ok.cells.slice(1, 5)).toEqual(['production', 'v2', DIGEST.slice(0, 15), 'True']);
  });
});

/** What `kubectl get` asks for: the server-side table with the CRD's printer columns. */
async function fetchTable(server: string, kc: KubeConfig) {
  const { request } = await import('node:https');
  const opts: { headers?: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts as never);
  return new Promise<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }>((resolve, reject) => {
    const req = request(
      `${server}/apis/${group}/${version}/namespaces/${namespace}/${plural}`,
      { rejectUnauthorized: false, headers: { ...opts.headers, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve(JSON.parse(body)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
