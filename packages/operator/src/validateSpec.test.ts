import { describe, expect, it } from 'vitest';
import type { RegisteredModelSpec } from './types.js';
import { validateSpec } from './validateSpec.js';

const base: RegisteredModelSpec = {
  registry: { url: 'http://arca:8420' },
  model: 'team/model-registry/Digit Classifier',
  template: { spec: { containers: [{ name: 'a' }] } },
};

describe('validateSpec', () => {
  it('follows production when neither alias nor digest is set, and allows latest', () => {
    expect(validateSpec(base)).toEqual({ model: base.model, alias: 'production' });
    expect(validateSpec({ ...base, alias: 'latest' })).toEqual({ model: base.model, alias: 'latest' });
    const digest = 'b3:' + '0'.repeat(64);
    expect(validateSpec({ ...base, digest })).toEqual({ model: base.model, digest });
  });

  it.each([
    ['model', { model: 'team/x' }],
    ['alias', { alias: 'a..b' }],
    ['alias', { alias: 'v3' }],
    ['alias', { alias: 'x', digest: 'b3:' + '0'.repeat(64) }],
    ['digest', { digest: 'b3:abc' }],
    ['mountPath', { mountPath: 'rel' }],
    ['mountPath', { mountPath: '/a/../b' }],
    ['replicas', { replicas: -1 }],
    ['registry.url', { registry: { url: 'ftp://x' } }],
    ['template.spec.containers', { template: { spec: { containers: [] } } }],
  ])('refuses a bad %s with InvalidSpec naming the field', (field, patch) => {
    let err: unknown;
    try {
      validateSpec({ ...base, ...patch } as RegisteredModelSpec);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'InvalidSpec', data: { field: `spec.${field}` } });
  });
});
