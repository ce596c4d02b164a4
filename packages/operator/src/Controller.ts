import { AppsV1Api, CustomObjectsApi, makeInformer, type Informer, type ObjectCache, type KubeConfig, type KubernetesListObject, type KubernetesObject, type V1Deployment } from '@kubernetes/client-node';
import { EventFollower } from './EventFollower.js';
import { Reconciler, type ReconcilerOptions } from './Reconciler.js';
import { GROUP, KIND, MANAGED_BY, PLURAL, VERSION, type RegisteredModel } from './types.js';
import { WorkQueue } from './WorkQueue.js';

export interface ControllerOptions extends ReconcilerOptions {
  /** Watch only this namespace (default: all). */
  namespace?: string;
  /** Re-resolve every model this often: the fallback when an alias move is not heard of otherwise. */
  resyncMs: number;
  workers: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

const WATCH_RESTART_MS = 1_000;

/**
 * The control loop the leader runs: informers on RegisteredModels and on the
 * Deployments the operator manages (a Deployment event requeues its owner),
 * a work queue, and a periodic resync that requeues every model.
 */
export class Controller {
  private readonly queue: WorkQueue;
  private readonly models: Informer<RegisteredModel> & ObjectCache<RegisteredModel>;
  private readonly deployments: Informer<V1Deployment>;
  private readonly events: EventFollower;
  private resync: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(kc: KubeConfig, private readonly opts: ControllerOptions) {
    this.events = new EventFollower(
      {
        change: (collection) => this.requeue((rm) => rm.spec?.model === collection),
        // Resolve again now: a registry that is down shows as Degraded at once, not at the next resync.
        lost: (url) => this.requeue((rm) => rm.spec?.registry?.url === url),
      },
      { cacheDir: opts.cacheDir, log: opts.log },
    );
    const reconciler = new Reconciler(kc, { ...opts, follow: (url, token) => this.events.follow(url, token) });
    this.queue = new WorkQueue(
      async (key) => {
        const [namespace, name] = key.split('/') as [string, string];
        const result = await reconciler.reconcile(namespace, name);
        if (result === 'retry') this.queue.retry(key);
        else this.queue.forget(key);
      },
      {
        workers: opts.workers,
        baseBackoffMs: opts.baseBackoffMs,
        maxBackoffMs: opts.maxBackoffMs,
        onError: (key, err) => {
          opts.log('reconcile error', { key, error: (err as Error).message });
          this.queue.retry(key);
        },
      },
    );
    const custom = kc.makeApiClient(CustomObjectsApi);
    const apps = kc.makeApiClient(AppsV1Api);
    const ns = opts.namespace;
    const rmPath = ns ? `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${PLURAL}` : `/apis/${GROUP}/${VERSION}/${PLURAL}`;
    this.models = makeInformer<RegisteredModel>(kc, rmPath, async () =>
      (ns
        ? await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: ns, plural: PLURAL })
        : await custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL })) as KubernetesListObject<RegisteredModel>,
    );
    const selector = `${MANAGED_BY.key}=${MANAGED_BY.value}`;
    this.deployments = makeInformer<V1Deployment>(
      kc,
      ns ? `/apis/apps/v1/namespaces/${ns}/deployments` : '/apis/apps/v1/deployments',
      async () => (ns ? apps.listNamespacedDeployment({ namespace: ns, labelSelector: selector }) : apps.listDeploymentForAllNamespaces({ labelSelector: selector })),
      selector,
    );
    const enqueue = (o: KubernetesObject) => this.queue.add(`${o.metadata!.namespace}/${o.metadata!.name}`);
    for (const verb of ['add', 'update', 'delete'] as const) {
      this.models.on(verb, enqueue);
      this.deployments.on(verb, (d) => {
        const owner = d.metadata?.ownerReferences?.find((o) => o.controller && o.kind === KIND && o.apiVersion === `${GROUP}/${VERSION}`);
        if (owner) this.queue.add(`${d.metadata!.namespace}/${owner.name}`);
      });
    }
    // An informer stops on a watch error (apiserver restart, expired resourceVersion): list and watch again.
    for (const [what, inf] of [['registeredmodels', this.models], ['deployments', this.deployments]] as const) {
      inf.on('error', (err: unknown) => {
        if (this.stopped) return;
        opts.log('watch failed, restarting', { what, error: (err as Error | undefined)?.message });
        setTimeout(() => void (this.stopped ? undefined : (inf as Informer<KubernetesObject>).start().catch(() => undefined)), WATCH_RESTART_MS);
      });
    }
  }

  async start(): Promise<void> {
    this.queue.start();
    await Promise.all([this.models.start(), this.deployments.start()]);
    this.resync = setInterval(() => {
      // A stream no model has used for three resyncs belongs to a deleted model or an old token.
      this.events.sweep(Date.now() - 3 * this.opts.resyncMs - 10_000);
      for (const rm of this.models.list()) this.queue.add(`${rm.metadata!.namespace}/${rm.metadata!.name}`);
    }, this.opts.resyncMs);
  }

  private requeue(which: (rm: RegisteredModel) => boolean): void {
    for (const rm of this.models.list()) if (which(rm)) this.queue.add(`${rm.metadata!.namespace}/${rm.metadata!.name}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resync);
    this.events.stop();
    await Promise.allSettled([this.models.stop(), this.deployments.stop()]);
    await this.queue.stop();
  }
}
