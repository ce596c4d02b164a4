import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiextensionsV1Api, KubeConfig, loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';

export const CRD_PATH = join(import.meta.dirname, '..', '..', 'crds', 'registeredmodels.arca.dev.yaml');

/** Creates the RegisteredModel CRD from crds/ and waits until the apiserver serves it. */
export async function applyCrd(kc: KubeConfig): Promise<V1CustomResourceDefinition> {
  const crd = loadYaml<V1CustomResourceDefinition>(readFileSync(CRD_PATH, 'utf8'));
  const api = kc.makeApiClient(ApiextensionsV1Api);
  await api.createCustomResourceDefinition({ body: crd });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const got = await api.readCustomResourceDefinition({ name: crd.metadata!.name! });
    if (got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return got;
    if (Date.now() > deadline) throw new Error(`CRD not Established: ${JSON.stringify(got.status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
