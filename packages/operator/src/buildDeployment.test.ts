import { describe, expect, it } from 'vitest';
import { buildDeployment } from './buildDeployment.js';
import type { RegisteredModel } from './types.js';

const DIGEST = 'b3:' + 'cd'.repeat(32);

function rm(spec: Partial<RegisteredModel['spec']> = {}): RegisteredModel {
  return {
    apiVersion: 'arca.dev/v1alpha1',
    kind: 'RegisteredModel',
    metadata: { name: 'digits', namespace: 'serving', uid: 'uid-1' },
    spec: {
      registry: { url: 'http://arca:8420', tokenSecretRef: { name: 'tok', key: 'k' } },
      model: 'team/model-registry/Digit Classifier',
      template: {
        metadata: { labels: { app: 'x' }, annotations: { keep: 'me' } },
        spec: {
          containers: [{ name: 'a', image: 'a', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }, { name: 'b', image: 'b' }],
          volumes: [{ name: 'cfg', emptyDir: {} }],
        },
      },
      ...spec,
    },
  };
}

describe('buildDeployment', () => {
  it('pins the digest in an init container, an annotation and a shared volume every container mounts', () => {
    const d = buildDeployment(rm({ mountPath: '/srv/model', replicas: 3 }), { version: 'v4', digest: DIGEST }, 'arca:1');
    expect(d.metadata!.ownerReferences).toEqual([{ apiVersion: 'arca.dev/v1alpha1', kind: 'RegisteredModel', name: 'digits', uid: 'uid-1', controller: true, blockOwnerDeletion: true }]);
    expect(d.spec!.replicas).toBe(3);
    expect(d.spec!.selector).toEqual({ matchLabels: { 'arca.dev/registered-model': 'digits' } });
    const t = d.spec!.template;
    expect(t.metadata!.labels).toEqual({ app: 'x', 'arca.dev/registered-model': 'digits' });
    expect(t.metadata!.annotations).toEqual({ keep: 'me', 'arca.dev/digest': DIGEST, 'arca.dev/version': 'v4' });
    expect(t.spec!.initContainers).toEqual([
      {
        name: 'arca-pull',
        image: 'arca:1',
        command: ['arca'],
        args: ['pull', `team/model-registry/Digit Classifier@${DIGEST}`, '/srv/model'],
        env: [
          { name: 'ARCA_URL', value: 'http://arca:8420' },
          { name: 'ARCA_CACHE_DIR', value: '/tmp/arca-cache' },
          { name: 'ARCA_API_KEY', valueFrom: { secretKeyRef: { name: 'tok', key: 'k' } } },
        ],
        volumeMounts: [{ name: 'arca-model', mountPath: '/srv/model' }],
      },
    ]);
    expect(t.spec!.containers.map((c) => c.volumeMounts)).toEqual([
      [{ name: 'cfg', mountPath: '/cfg' }, { name: 'arca-model', mountPath: '/srv/model', readOnly: true }],
      [{ name: 'arca-model', mountPath: '/srv/model', readOnly: true }],
    ]);
    expect(t.spec!.volumes).toEqual([{ name: 'cfg', emptyDir: {} }, { name: 'arca-model', emptyDir: {} }]);
  });

  it('uses spec.pullerImage over the default, and sends no token env without a Secret', () => {
    const d = buildDeployment(rm({ registry: { url: 'http://arca:8420' }, pullerImage: 'mine:2' }), { version: 'v0', digest: DIGEST }, 'arca:1');
    const init = d.spec!.template.spec!.initContainers![0]!;
    expect(init.image).toBe('mine:2');
    expect(init.env!.map((e) => e.name)).toEqual(['ARCA_URL', 'ARCA_CACHE_DIR']);
    expect(d.spec!.replicas).toBe(1);
  });

  it('differs only in the pinned digest between two versions (one rollout never mixes versions)', () => {
    const a = buildDeployment(rm(), { version: 'v7', digest: DIGEST }, 'arca:1');
    const b = buildDeployment(rm(), { version: 'v8', digest: 'b3:' + 'ef'.repeat(32) }, 'arca:1');
    expect(JSON.stringify(a).replaceAll(DIGEST, 'D').replaceAll('"v7"', 'V')).toBe(JSON.stringify(b).replaceAll('b3:' + 'ef'.repeat(32), 'D').replaceAll('"v8"', 'V'));
  });
});
