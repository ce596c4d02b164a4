import { ArcaClient } from '@arca/client';
import { ArcaError, type VersionInfo } from '@arca/store';
import { authorizedFetch } from './authorizedFetch.js';
import { ReconcileError } from './ReconcileError.js';
import type { Target } from './validateSpec.js';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Asks the registry which version the alias (or the pinned digest) names,
 * through the client SDK. Every failure becomes a ReconcileError whose code
 * is the condition reason and whose message says what to fix.
 */
export async function resolveTarget(url: string, token: string | undefined, target: Target, cacheDir: string): Promise<VersionInfo> {
  const client = new ArcaClient({ url, cacheDir, fetch: authorizedFetch(token, REQUEST_TIMEOUT_MS) });
  const ref = target.digest !== undefined ? `${target.model}@${target.digest}` : `${target.model}:${target.alias}`;
  try {
    const version = await client.resolve(ref);
    if (target.digest !== undefined && version.digest !== target.digest) {
      throw new ReconcileError('DigestNotFound', `${target.model} has no version with digest ${target.digest} (the prefix matched ${version.digest})`);
    }
    return version;
  } catch (err) {
    throw toReconcileError(err, url, target, ref);
  }
}

function toReconcileError(err: unknown, url: string, target: Target, ref: string): ReconcileError {
  if (err instanceof ReconcileError) return err;
  if (!(err instanceof ArcaError)) return new ReconcileError('RegistryError', `resolving ${ref} at ${url} failed: ${(err as Error).message}`);
  const status = (err.data as { status?: number }).status;
  switch (true) {
    case err.code === 'Unreachable':
      return new ReconcileError('RegistryUnreachable', `registry ${url} is unreachable: ${err.message}`, { url });
    case err.code === 'Unauthenticated' || status === 401:
      return new ReconcileError('Unauthorized', `registry ${url} refused the token (401): check the Secret named in spec.registry.tokenSecretRef`, { url });
    case err.code === 'Forbidden' || status === 403:
      return new ReconcileError('Forbidden', `the token may not read ${target.model} at ${url} (403)`, { url });
    case err.code === 'NotFound' && err.data.kind === 'entity':
      // The registry answers 404, not 403, for a team the token's user has no role in, so names do not leak.
      return new ReconcileError('ModelNotFound', `model ${target.model} does not exist at ${url}, or the token's user has no role in team ${err.data.name}`, {
        model: target.model,
      });
    case err.code === 'NotFound' && err.data.kind === 'collection':
      return new ReconcileError('ModelNotFound', `model ${target.model} does not exist at ${url}`, { model: target.model });
    case err.code === 'NotFound' && err.data.kind === 'alias':
      return new ReconcileError('AliasNotFound', `alias ${target.alias} of ${target.model} does not exist (it may have been removed)`, { alias: target.alias });
    case err.code === 'NotFound' && err.data.kind === 'version':
      return new ReconcileError('DigestNotFound', `${target.model} has no version with digest ${target.digest}`, { digest: target.digest });
    case err.code === 'InvalidName' || err.code === 'InvalidArgument':
      return new ReconcileError('InvalidSpec', `${ref}: ${err.message}`);
    default:
      return new ReconcileError('RegistryError', `resolving ${ref} at ${url} failed (${err.code}): ${err.message}`, { registryCode: err.code });
  }
}
