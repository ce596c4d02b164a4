import { ArcaError } from '@arca/store';

/**
 * Why a RegisteredModel could not be reconciled. `code` is the condition
 * reason written to status (RegistryUnreachable, Unauthorized, Forbidden,
 * ModelNotFound, AliasNotFound, DigestNotFound, SecretNotFound,
 * SecretKeyMissing, InvalidSpec, DeploymentNotOwned, RegistryError,
 * KubernetesError); the message says exactly what, for `kubectl describe`.
 */
export class ReconcileError extends ArcaError<Record<string, unknown>> {
  constructor(code: string, message: string, data: Record<string, unknown> = {}) {
    super(code, message, data);
  }
}
