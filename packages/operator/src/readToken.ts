import type { CoreV1Api } from '@kubernetes/client-node';
import { apiStatus } from './apiStatus.js';
import { ReconcileError } from './ReconcileError.js';

/** The registry token from the Secret the spec names (undefined when it names none). */
export async function readToken(core: CoreV1Api, namespace: string, ref: { name: string; key?: string } | undefined): Promise<string | undefined> {
  if (!ref) return undefined;
  const key = ref.key ?? 'token';
  let data: Record<string, string> | undefined;
  try {
    data = (await core.readNamespacedSecret({ name: ref.name, namespace })).data;
  } catch (err) {
    if (apiStatus(err) === 404) {
      throw new ReconcileError('SecretNotFound', `Secret ${namespace}/${ref.name} (spec.registry.tokenSecretRef) does not exist`, { secret: ref.name });
    }
    throw new ReconcileError('KubernetesError', `reading Secret ${namespace}/${ref.name} failed: ${(err as Error).message}`, { status: apiStatus(err) });
  }
  const value = data?.[key];
  if (value === undefined) {
    throw new ReconcileError('SecretKeyMissing', `Secret ${namespace}/${ref.name} has no key "${key}" (spec.registry.tokenSecretRef.key)`, { secret: ref.name, key });
  }
  const token = Buffer.from(value, 'base64').toString('utf8').trim();
  if (token === '') throw new ReconcileError('SecretKeyMissing', `Secret ${namespace}/${ref.name} key "${key}" is empty`, { secret: ref.name, key });
  return token;
}
