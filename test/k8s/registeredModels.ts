import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';

const crd = { group: 'arca.dev', version: 'v1alpha1', plural: 'registeredmodels' };

/**
 * RegisteredModel objects of one namespace, as the operator tests create and
 * edit them: `apply` creates one from `base(name)` with `spec` on top, `patch`
 * merges into its spec, `get` reads it back with its status, `remove` deletes it.
 */
export function registeredModels(custom: () => CustomObjectsApi, namespace: string, base: (name: string) => Record<string, unknown>) {
  return {
    apply: (name: string, spec: Record<string, unknown>) =>
      custom().createNamespacedCustomObject({
        ...crd,
        namespace,
        body: { apiVersion: 'arca.dev/v1alpha1', kind: 'RegisteredModel', metadata: { name }, spec: { ...base(name), ...spec } },
      }),
    patch: (name: string, spec: Record<string, unknown>) =>
      custom().patchNamespacedCustomObject({ ...crd, namespace, name, body: { spec } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    get: (name: string): Promise<unknown> => custom().getNamespacedCustomObject({ ...crd, namespace, name }),
    remove: (name: string): Promise<unknown> => custom().deleteNamespacedCustomObject({ ...crd, namespace, name }),
  };
}
