import type { V1Container, V1Deployment, V1EnvVar } from '@kubernetes/client-node';
import { DIGEST_ANNOTATION, GROUP, KIND, MANAGED_BY, MODEL_LABEL, VERSION, type RegisteredModel } from './types.js';

export const MODEL_VOLUME = 'arca-model';
export const PULLER_NAME = 'arca-pull';

export interface Pinned {
  version: string;
  digest: string;
}

/**
 * The Deployment a RegisteredModel owns, pinned to one digest: an init
 * container runs `arca pull <model>@<digest> <mountPath>` into an emptyDir
 * that every serving container mounts read-only, and the digest annotation
 * on the pod template makes a new digest a new ReplicaSet, so one rollout
 * never mixes versions. Only the fields the operator owns are set: this is
 * a server-side apply configuration.
 */
export function buildDeployment(rm: RegisteredModel, pinned: Pinned, pullerImage: string): V1Deployment {
  const name = rm.metadata!.name!;
  const spec = rm.spec;
  const mountPath = spec.mountPath ?? '/models';
  const template = spec.template;
  const podSpec = template.spec!;
  const env: V1EnvVar[] = [{ name: 'ARCA_URL', value: spec.registry.url }, { name: 'ARCA_CACHE_DIR', value: '/tmp/arca-cache' }];
  if (spec.registry.tokenSecretRef) {
    env.push({ name: 'ARCA_API_KEY', valueFrom: { secretKeyRef: { name: spec.registry.tokenSecretRef.name, key: spec.registry.tokenSecretRef.key ?? 'token' } } });
  }
  const puller: V1Container = {
    name: PULLER_NAME,
    image: spec.pullerImage ?? pullerImage,
    command: ['arca'],
    args: ['pull', `${spec.model}@${pinned.digest}`, mountPath],
    env,
    volumeMounts: [{ name: MODEL_VOLUME, mountPath }],
  };
  const withModel = (c: V1Container): V1Container => ({
    ...c,
    volumeMounts: [...(c.volumeMounts ?? []).filter((m) => m.name !== MODEL_VOLUME), { name: MODEL_VOLUME, mountPath, readOnly: true }],
  });
  const labels = { ...(template.metadata?.labels ?? {}), [MODEL_LABEL]: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: rm.metadata!.namespace!,
      labels: { [MANAGED_BY.key]: MANAGED_BY.value, [MODEL_LABEL]: name },
      annotations: { [DIGEST_ANNOTATION]: pinned.digest, 'arca.dev/version': pinned.version },
      ownerReferences: [{ apiVersion: `${GROUP}/${VERSION}`, kind: KIND, name, uid: rm.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: spec.replicas ?? 1,
      selector: { matchLabels: { [MODEL_LABEL]: name } },
      template: {
        metadata: {
          ...(template.metadata ?? {}),
          labels,
          annotations: { ...(template.metadata?.annotations ?? {}), [DIGEST_ANNOTATION]: pinned.digest, 'arca.dev/version': pinned.version },
        },
        spec: {
          ...podSpec,
          initContainers: [puller, ...(podSpec.initContainers ?? []).filter((c) => c.name !== PULLER_NAME).map(withModel)],
          containers: podSpec.containers.map(withModel),
          volumes: [...(podSpec.volumes ?? []).filter((v) => v.name !== MODEL_VOLUME), { name: MODEL_VOLUME, emptyDir: {} }],
        },
      },
    },
  };
}

