import type { KubernetesObject, V1PodTemplateSpec } from '@kubernetes/client-node';

export const GROUP = 'arca.dev';
export const VERSION = 'v1alpha1';
export const PLURAL = 'registeredmodels';
export const KIND = 'RegisteredModel';
export const FIELD_MANAGER = 'arca-operator';
/** Pod template annotation carrying the pinned digest (a new digest means a new ReplicaSet). */
export const DIGEST_ANNOTATION = 'arca.dev/digest';
/** Label on the Deployment and its pods naming the RegisteredModel; the Deployment's selector. */
export const MODEL_LABEL = 'arca.dev/registered-model';
export const MANAGED_BY = { key: 'app.kubernetes.io/managed-by', value: 'arca-operator' } as const;
export const DEFAULT_ALIAS = 'production';
export const HISTORY_LIMIT = 10;

export interface RegisteredModelSpec {
  registry: { url: string; tokenSecretRef?: { name: string; key?: string } };
  model: string;
  alias?: string;
  digest?: string;
  replicas?: number;
  mountPath?: string;
  pullerImage?: string;
  suspend?: boolean;
  template: V1PodTemplateSpec;
}

export type ConditionType = 'AliasResolved' | 'Progressing' | 'Ready' | 'Degraded';

export interface Condition {
  type: ConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface ResolvedVersion {
  alias?: string;
  version: string;
  digest: string;
  shortDigest: string;
  resolvedAt: string;
}

export interface HistoryEntry {
  alias?: string;
  version: string;
  digest: string;
  rolledOutAt: string;
}

export interface RegisteredModelStatus {
  observedGeneration?: number;
  deploymentName?: string;
  resolved?: ResolvedVersion;
  previous?: { version: string; digest: string };
  history?: HistoryEntry[];
  conditions?: Condition[];
}

export interface RegisteredModel extends KubernetesObject {
  spec: RegisteredModelSpec;
  status?: RegisteredModelStatus;
}
