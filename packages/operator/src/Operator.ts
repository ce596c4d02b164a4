import { randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { Controller } from './Controller.js';
import { LeaderElector } from './LeaderElector.js';

export interface OperatorOptions {
  kubeConfig: KubeConfig;
  /** Image of the puller init container (the arca image), unless a model sets spec.pullerImage. */
  pullerImage: string;
  /** Watch only this namespace (default: all namespaces). */
  namespace?: string;
  /** Periodic re-resolve of every model; default 30 s. */
  resyncMs?: number;
  /** Leader election Lease; `false` runs without one (a single replica). */
  leaderElection?: { name: string; namespace: string; leaseDurationMs?: number; renewDeadlineMs?: number; retryPeriodMs?: number } | false;
  /** This replica's name in the Lease and in Events; default hostname-pid-random. */
  identity?: string;
  workers?: number;
  /** Backoff of a failing model: doubles from base to max; default 1 s to 60 s. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

/**
 * The RegisteredModel operator: competes for the Lease and, while leading,
 * runs the controller; on losing the Lease it stops reconciling and competes
 * again.
 */
export class Operator {
  readonly identity: string;
  private controller: Controller | undefined;
  private elector: LeaderElector | undefined;
  private transition: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly log: (msg: string, fields: Record<string, unknown>) => void;

  constructor(private readonly opts: OperatorOptions) {
    this.identity = opts.identity ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.log = opts.log ?? (() => {});
  }

  get isLeader(): boolean {
    return this.controller !== undefined;
  }

  async start(): Promise<void> {
    const le = this.opts.leaderElection;
    if (le === false || le === undefined) {
      await this.lead();
      return;
    }
    const leaseDurationMs = le.leaseDurationMs ?? 15_000;
    this.elector = new LeaderElector(
      this.opts.kubeConfig.makeApiClient(CoordinationV1Api),
      {
        name: le.name,
        namespace: le.namespace,
        identity: this.identity,
        leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs ?? Math.round(leaseDurationMs * 0.66),
        retryPeriodMs: le.retryPeriodMs ?? Math.round(leaseDurationMs * 0.13),
      },
      {
        startedLeading: () => void (this.transition = this.transition.then(() => this.lead())),
        stoppedLeading: () => void (this.transition = this.transition.then(() => this.follow())),
        log: this.log,
      },
    );
    this.elector.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.elector?.stop();
    await this.transition;
    await this.follow();
  }

  private async lead(): Promise<void> {
    if (this.controller) return;
    const c = new Controller(this.opts.kubeConfig, {
      pullerImage: this.opts.pullerImage,
      cacheDir: join(tmpdir(), `arca-operator-${process.pid}`),
      identity: this.identity,
      log: this.log,
      ...(this.opts.namespace !== undefined ? { namespace: this.opts.namespace } : {}),
      resyncMs: this.opts.resyncMs ?? 30_000,
      workers: this.opts.workers ?? 4,
      baseBackoffMs: this.opts.baseBackoffMs ?? 1_000,
      maxBackoffMs: this.opts.maxBackoffMs ?? 60_000,
    });
    this.controller = c;
    try {
      await c.start();
    } catch (err) {
      // The CRD not installed yet, RBAC not bound yet, the apiserver away: try again while leading.
      this.log('controller start failed, retrying in 5 s', { error: (err as Error).message });
      this.controller = undefined;
      await c.stop();
      setTimeout(() => {
        if (this.leading()) this.transition = this.transition.then(() => this.lead());
      }, 5_000).unref();
      return;
    }
    this.log('reconciling', { identity: this.identity, namespace: this.opts.namespace ?? '(all)' });
  }

  private leading(): boolean {
    return this.stopping === false && (this.elector === undefined || this.elector.isLeader);
  }

  private async follow(): Promise<void> {
    const c = this.controller;
    this.controller = undefined;
    await c?.stop();
  }
}
