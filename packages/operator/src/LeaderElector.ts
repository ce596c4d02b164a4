import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import { apiStatus } from './apiStatus.js';

export interface LeaderElectionOptions {
  /** The coordination.k8s.io Lease all replicas compete for. */
  name: string;
  namespace: string;
  identity: string;
  /** How long a leader's claim holds without renewal; a new leader takes over within this. */
  leaseDurationMs: number;
  /** A leader that could not renew for this long stops leading (must be below leaseDurationMs). */
  renewDeadlineMs: number;
  /** How often to try to acquire or renew. */
  retryPeriodMs: number;
}

/**
 * Leader election over a Lease, as client-go's: the holder renews every retry
 * period; a candidate takes the Lease once it has seen no renewal for the
 * lease duration, measured on its own clock from when it last saw the record
 * change (so clock skew between nodes does not matter). Writes use the
 * Lease's resourceVersion, so two candidates can never both win.
 */
export class LeaderElector {
  private leading = false;
  private stopped = false;
  private observed: { holder: string | undefined; renewTime: string | undefined; at: number } | undefined;
  private lastRenewed = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly api: CoordinationV1Api,
    private readonly opts: LeaderElectionOptions,
    private readonly on: { startedLeading(): void; stoppedLeading(): void; log(msg: string, fields: Record<string, unknown>): void },
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops competing; a leader releases the Lease so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.leading) {
      this.leading = false;
      this.on.stoppedLeading();
      await this.release();
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
      } catch (err) {
        this.on.log('lease request failed', { error: (err as Error).message });
      }
      const now = Date.now();
      if (this.stopped) break;
      if (ok) {
        this.lastRenewed = now;
        if (!this.leading) {
          this.leading = true;
          this.on.log('became leader', { lease: `${this.opts.namespace}/${this.opts.name}`, identity: this.opts.identity });
          this.on.startedLeading();
        }
      } else if (this.leading && now - this.lastRenewed > this.opts.renewDeadlineMs) {
        this.leading = false;
        this.on.log('lost leadership', { lease: `${this.opts.namespace}/${this.opts.name}` });
        this.on.stoppedLeading();
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, this.opts.retryPeriodMs);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  }

  private spec(lease: V1Lease | undefined, nowDate: Date) {
    const now = microTime(nowDate);
    const mine = lease?.spec?.holderIdentity === this.opts.identity;
    return {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.ceil(this.opts.leaseDurationMs / 1000),
      acquireTime: mine && lease?.spec?.acquireTime ? lease.spec.acquireTime : now,
      renewTime: now,
      leaseTransitions: (lease?.spec?.leaseTransitions ?? 0) + (lease && !mine ? 1 : 0),
    };
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { name, namespace } = this.opts;
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
      try {
        await this.api.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: this.spec(undefined, new Date()) } });
        return true;
      } catch (e) {
        if (apiStatus(e) === 409) return false;
        throw e;
      }
    }
    const holder = lease.spec?.holderIdentity || undefined;
    const renewTime = lease.spec?.renewTime ? new Date(lease.spec.renewTime).toISOString() : undefined;
    if (!this.observed || this.observed.holder !== holder || this.observed.renewTime !== renewTime) {
      this.observed = { holder, renewTime, at: Date.now() };
    }
    const durationMs = (lease.spec?.leaseDurationSeconds ?? Math.ceil(this.opts.leaseDurationMs / 1000)) * 1000;
    if (holder !== undefined && holder !== this.opts.identity && Date.now() < this.observed.at + durationMs) return false;
    try {
      await this.api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec: this.spec(lease, new Date()) } });
      return true;
    } catch (err) {
      if (apiStatus(err) === 409) return false;
      throw err;
    }
  }

  private async release(): Promise<void> {
    try {
      const lease = await this.api.readNamespacedLease({ name: this.opts.name, namespace: this.opts.namespace });
      if (lease.spec?.holderIdentity !== this.opts.identity) return;
      await this.api.replaceNamespacedLease({
        name: this.opts.name,
        namespace: this.opts.namespace,
        body: { ...lease, spec: { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1, renewTime: microTime(new Date()) } },
      });
    } catch (err) {
      this.on.log('lease release failed', { error: (err as Error).message });
    }
  }
}

/**
 * A Lease's times are MicroTime, which the apiserver parses only with six
 * fraction digits; client-node 1.4.0 sends a Date as toISOString() (three), and
 * passes a string through untouched.
 */
function microTime(d: Date): Date {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') as unknown as Date;
}
