import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { apiStatus } from './apiStatus.js';
import { buildDeployment } from './buildDeployment.js';
import { setCondition } from './conditions.js';
import { EventRecorder } from './EventRecorder.js';
import { readToken } from './readToken.js';
import { ReconcileError } from './ReconcileError.js';
import { resolveTarget } from './resolveTarget.js';
import { rolloutState, type RolloutState } from './rolloutState.js';
import { shortDigest } from './shortDigest.js';
import { validateSpec, type Target } from './validateSpec.js';
import { FIELD_MANAGER, GROUP, HISTORY_LIMIT, PLURAL, VERSION, type Condition, type RegisteredModel, type RegisteredModelStatus } from './types.js';

export interface ReconcilerOptions {
  pullerImage: string;
  /** Where the client SDK may keep its cache (the operator downloads nothing). */
  cacheDir: string;
  identity: string;
  log: (msg: string, fields: Record<string, unknown>) => void;
  /** Told of each registry (URL and token) a model reads, to follow its event stream. */
  follow?: (url: string, token: string | undefined) => void;
}

/** Errors from resolving: they say the alias is not resolved (the others leave AliasResolved as it was). */
const RESOLVE_REASONS = new Set(['RegistryUnreachable', 'Unauthorized', 'Forbidden', 'ModelNotFound', 'AliasNotFound', 'DigestNotFound', 'SecretNotFound', 'SecretKeyMissing', 'InvalidSpec', 'RegistryError']);

/**
 * Level-triggered: brings one RegisteredModel's Deployment and status in line
 * with its spec and with what the alias names in the registry now, whatever
 * happened before. A failure leaves the Deployment as it is, says exactly
 * what is wrong in status (Degraded) and in a Warning Event, and asks for a
 * retry with backoff.
 */
export class Reconciler {
  private readonly custom: CustomObjectsApi;
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly objects: KubernetesObjectApi;
  private readonly events: EventRecorder;

  constructor(
    kc: KubeConfig,
    private readonly opts: ReconcilerOptions,
  ) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(kc);
    this.events = new EventRecorder(this.core, opts.identity, opts.log);
  }

  /** 'retry' when the model could not be brought in line (the caller backs off and calls again). */
  async reconcile(namespace: string, name: string): Promise<'done' | 'retry'> {
    let rm: RegisteredModel;
    try {
      rm = (await this.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, name })) as RegisteredModel;
    } catch (err) {
      // Deleted: its Deployment goes with the owner reference (garbage collector).
      if (apiStatus(err) === 404) return 'done';
      throw err;
    }
    if (rm.metadata?.deletionTimestamp) return 'done';
    const now = new Date().toISOString();
    const before = rm.status ?? {};
    const status: RegisteredModelStatus = structuredClone(before);
    status.observedGeneration = rm.metadata?.generation ?? 0;
    const gen = status.observedGeneration;
    let conditions = status.conditions ?? [];
    const cond = (type: Condition['type'], s: Condition['status'], reason: string, message: string) => {
      conditions = setCondition(conditions, { type, status: s, reason, message, observedGeneration: gen }, now);
    };
    const wasReady = before.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

    if (rm.spec?.suspend === true) {
      const state = rolloutState(await this.readDeployment(namespace, name));
      cond('Progressing', 'False', 'Suspended', 'spec.suspend is true: the Deployment is left as it is and alias moves are not rolled out');
      this.readyFrom(state, cond);
      status.conditions = conditions;
      await this.writeStatus(rm, before, status);
      return 'done';
    }

    let target: Target | undefined;
    try {
      target = validateSpec(rm.spec);
      const token = await readToken(this.core, namespace, rm.spec.registry.tokenSecretRef);
      this.opts.follow?.(rm.spec.registry.url, token);
      const version = await resolveTarget(rm.spec.registry.url, token, target, this.opts.cacheDir);
      const existing = await this.readDeployment(namespace, name);
      if (existing && !existing.metadata?.ownerReferences?.some((o) => o.controller && o.uid === rm.metadata?.uid)) {
        throw new ReconcileError('DeploymentNotOwned', `Deployment ${namespace}/${name} exists and is not controlled by this RegisteredModel; rename one of them`);
      }
      const desired = buildDeployment(rm, { version: version.version, digest: version.digest }, rm.spec.pullerImage ?? this.opts.pullerImage);
      let applied: V1Deployment;
      try {
        applied = await this.objects.patch(desired, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      } catch (err) {
        throw new ReconcileError('KubernetesError', `applying Deployment ${namespace}/${name} failed: ${k8sMessage(err)}`, { status: apiStatus(err) });
      }

      const label = `${version.version} (${shortDigest(version.digest)})`;
      const aliasText = target.alias !== undefined ? `${target.alias} -> ${label}` : `pinned ${label}`;
      if (before.resolved?.digest !== version.digest) {
        if (before.resolved) status.previous = { version: before.resolved.version, digest: before.resolved.digest };
        status.history = [{ ...(target.alias !== undefined ? { alias: target.alias } : {}), version: version.version, digest: version.digest, rolledOutAt: now }, ...(before.history ?? [])].slice(0, HISTORY_LIMIT);
        await this.events.emit(rm, 'Normal', 'Resolved', `${rm.spec.model}: ${aliasText}`);
        await this.events.emit(rm, 'Normal', 'RollingOut', before.resolved ? `rolling out ${label}, replacing ${before.resolved.version} (${shortDigest(before.resolved.digest)})` : `rolling out ${label}`);
        this.opts.log('rolling out', { namespace, name, model: rm.spec.model, alias: target.alias, version: version.version, digest: version.digest, previous: before.resolved?.digest });
      }
      if (before.resolved?.digest !== version.digest || before.resolved.version !== version.version || before.resolved.alias !== target.alias) {
        status.resolved = {
          ...(target.alias !== undefined ? { alias: target.alias } : {}),
          version: version.version,
          digest: version.digest,
          shortDigest: shortDigest(version.digest),
          resolvedAt: before.resolved?.digest === version.digest ? before.resolved.resolvedAt : now,
        };
      }
      status.deploymentName = name;
      cond('AliasResolved', 'True', 'Resolved', `${rm.spec.model}: ${aliasText}`);
      const state = rolloutState(applied);
      cond('Progressing', state.complete ? 'False' : 'True', state.complete ? 'RolloutComplete' : state.reason, state.complete ? `${label} rolled out` : state.message);
      this.readyFrom(state, cond, label);
      cond('Degraded', 'False', 'AsExpected', '');
      status.conditions = conditions;
      if (state.complete && !wasReady) await this.events.emit(rm, 'Normal', 'RolledOut', `${label} is available: ${state.message}`);
      await this.writeStatus(rm, before, status);
      return 'done';
    } catch (err) {
      const failure = err instanceof ReconcileError ? err : new ReconcileError('KubernetesError', k8sMessage(err), { status: apiStatus(err) });
      const deployment = await this.readDeployment(namespace, name).catch(() => undefined);
      const state = rolloutState(deployment);
      if (RESOLVE_REASONS.has(failure.code)) cond('AliasResolved', 'False', failure.code, failure.message);
      const serving = before.resolved && deployment ? `; the Deployment keeps serving ${before.resolved.version} (${shortDigest(before.resolved.digest)})` : '';
      const old = before.conditions?.find((c) => c.type === 'Degraded');
      cond('Degraded', 'True', failure.code, failure.message + serving);
      this.readyFrom(state, cond);
      status.conditions = conditions;
      if (old?.status !== 'True' || old.reason !== failure.code || old.message !== failure.message + serving) {
        await this.events.emit(rm, 'Warning', failure.code, failure.message + serving);
      }
      this.opts.log('reconcile failed', { namespace, name, reason: failure.code, message: failure.message });
      await this.writeStatus(rm, before, status);
      return 'retry';
    }
  }

  private readyFrom(state: RolloutState, cond: (t: Condition['type'], s: Condition['status'], r: string, m: string) => void, label?: string): void {
    if (state.complete) cond('Ready', 'True', 'Available', label ? `${label}: ${state.message}` : state.message);
    else cond('Ready', 'False', state.reason, state.message);
  }

  private async readDeployment(namespace: string, name: string): Promise<V1Deployment | undefined> {
    try {
      return await this.apps.readNamespacedDeployment({ name, namespace });
    } catch (err) {
      if (apiStatus(err) === 404) return undefined;
      throw new ReconcileError('KubernetesError', `reading Deployment ${namespace}/${name} failed: ${k8sMessage(err)}`, { status: apiStatus(err) });
    }
  }

  /**
   * Writes the whole status (a JSON patch replacing /status of the status
   * subresource), skipped when nothing changed (a resync writes nothing). Not a
   * merge patch: that would keep a field `after` no longer has, such as
   * resolved.alias once the model pins a digest.
   */
  private async writeStatus(rm: RegisteredModel, before: RegisteredModelStatus, after: RegisteredModelStatus): Promise<void> {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    try {
      await this.custom.patchNamespacedCustomObjectStatus(
        { group: GROUP, version: VERSION, namespace: rm.metadata!.namespace!, plural: PLURAL, name: rm.metadata!.name!, body: [{ op: 'add', path: '/status', value: after }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
    }
  }
}

/** The apiserver's own message for a failed call, when it sent a Status. */
function k8sMessage(err: unknown): string {
  const body = (err as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return (err as Error).message;
}
