import type { V1Deployment } from '@kubernetes/client-node';
import { DIGEST_ANNOTATION } from './types.js';

export interface RolloutState {
  /** Every wanted replica runs the pinned template and is available. */
  complete: boolean;
  /** The digest in the Deployment's pod template, if any. */
  digest: string | undefined;
  reason: string;
  message: string;
}

/**
 * Reads a Deployment's own status the way `kubectl rollout status` does: the
 * controller has seen the newest spec, every replica is updated and available,
 * and no old replica is left.
 */
export function rolloutState(d: V1Deployment | undefined): RolloutState {
  if (!d) return { complete: false, digest: undefined, reason: 'NoDeployment', message: 'no Deployment yet' };
  const digest = d.spec?.template?.metadata?.annotations?.[DIGEST_ANNOTATION];
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const name = d.metadata?.name;
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
    return { complete: false, digest, reason: 'RolloutPending', message: `Deployment ${name}: the controller has not seen generation ${d.metadata?.generation} yet` };
  }
  const failed = s.conditions?.find((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded');
  if (failed) return { complete: false, digest, reason: 'ProgressDeadlineExceeded', message: `Deployment ${name}: ${failed.message ?? 'progress deadline exceeded'}` };
  const updated = s.updatedReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const total = s.replicas ?? 0;
  if (updated < want) return { complete: false, digest, reason: 'RollingOut', message: `Deployment ${name}: ${updated} of ${want} replicas updated` };
  if (total > updated) return { complete: false, digest, reason: 'RollingOut', message: `Deployment ${name}: ${total - updated} old replicas pending termination` };
  if (available < want) return { complete: false, digest, reason: 'RollingOut', message: `Deployment ${name}: ${available} of ${want} updated replicas available` };
  return { complete: true, digest, reason: 'Available', message: `Deployment ${name}: ${want} of ${want} replicas available` };
}
