import { ArcaError, isDigest, parseCollectionName, validateAlias } from '@arca/store';
import { ReconcileError } from './ReconcileError.js';
import { DEFAULT_ALIAS, type RegisteredModelSpec } from './types.js';

export type Target = { model: string; alias: string; digest?: undefined } | { model: string; digest: string; alias?: undefined };

/**
 * The checks of the CRD schema again, with the store's own validators: an
 * object stored under an older CRD, or written with validation off, must
 * still fail with InvalidSpec instead of reaching the registry or a pod.
 */
export function validateSpec(spec: RegisteredModelSpec | undefined): Target {
  if (!spec || typeof spec !== 'object') throw new ReconcileError('InvalidSpec', 'spec is missing');
  const fail = (field: string, why: string): never => {
    throw new ReconcileError('InvalidSpec', `spec.${field}: ${why}`, { field: `spec.${field}` });
  };
  if (typeof spec.registry?.url !== 'string' || !/^https?:\/\/\S+$/.test(spec.registry.url)) fail('registry.url', 'an http:// or https:// URL');
  try {
    parseCollectionName(spec.model);
  } catch (err) {
    fail('model', err instanceof ArcaError ? err.message : 'entity/project/name');
  }
  if (spec.alias !== undefined && spec.digest !== undefined) fail('alias', 'set either alias or digest, not both');
  if (spec.digest !== undefined) {
    if (typeof spec.digest !== 'string' || !isDigest(spec.digest)) fail('digest', 'b3:<64 lowercase hex>');
    return { model: spec.model, digest: spec.digest };
  }
  const alias = spec.alias ?? DEFAULT_ALIAS;
  // `latest` can be followed (only the server may set it); vN is a version, not an alias.
  if (alias !== 'latest') {
    try {
      validateAlias(alias);
    } catch (err) {
      fail('alias', /^v\d+$/.test(String(alias)) ? 'vN names a version, not an alias; pin its digest instead' : (err as Error).message);
    }
  }
  const mountPath = spec.mountPath ?? '/models';
  if (typeof mountPath !== 'string' || !mountPath.startsWith('/') || mountPath.split('/').includes('..')) fail('mountPath', 'an absolute path without ".."');
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) fail('replicas', 'an integer >= 0');
  if (!Array.isArray(spec.template?.spec?.containers) || spec.template.spec.containers.length === 0) fail('template.spec.containers', 'at least one container');
  return { model: spec.model, alias };
}
