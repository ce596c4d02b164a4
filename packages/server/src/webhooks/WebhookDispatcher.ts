import { randomBytes } from 'node:crypto';
import { listEvents, type ArcaEvent, type Store } from '@arca/store';
import type { EventHub } from '../events/EventHub.js';
import { formatSlack } from './formatSlack.js';
import { matchesWebhook } from './matchesWebhook.js';
import { sendDelivery } from './sendDelivery.js';
import { signPayload } from './signPayload.js';
import { TargetPolicy } from './TargetPolicy.js';
import type { WebhookOptions } from './WebhookOptions.js';
import { WebhookTables, type DeliveryRow, type WebhookRow } from './WebhookTables.js';

const FAN_OUT_PAGE = 500;
// Never sleep longer than this between looks at the outbox: rows another process added are found too.
const MAX_SLEEP_MS = 30_000;

export function newDeliveryId(): string {
  return `dlv_${randomBytes(12).toString('hex')}`;
}

/** The bytes a webhook receives for an event, fixed when the delivery is written. */
export function deliveryBody(hook: Pick<WebhookRow, 'format'>, event: ArcaEvent): string {
  return hook.format === 'slack' ? formatSlack(event) : JSON.stringify(event);
}

/**
 * Turns events into deliveries and sends them. Fan-out: after each ref log
 * commit, events past the outbox cursor become one pending row per matching
 * webhook, in the same transaction that advances the cursor, so a crash
 * either leaves the events to be fanned out again or their deliveries written,
 * never half. Sending: due rows go out (signed, fresh timestamp each attempt);
 * every attempt is recorded with the delivery's next state in one transaction.
 * A 2xx settles it as `succeeded` and it is never sent again; anything else is
 * retried after backoffMs·2^(n-1) (capped) until maxAttempts, then `failed`.
 * A crash mid-attempt leaves the row pending: it is sent again after restart,
 * with the same `Arca-Delivery` id, so receivers can drop the repeat.
 */
export class WebhookDispatcher {
  readonly tables: WebhookTables;
  readonly policy: TargetPolicy;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;
  // The ref log seq this process last fanned out to: skip the write transaction when nothing is new.
  private fannedOutTo = -1;

  constructor(
    private readonly store: Store,
    private readonly hub: EventHub,
    options: WebhookOptions = {},
    private readonly logError: (err: unknown) => void = (err) => console.error('arca-server: webhooks:', err),
  ) {
    this.tables = new WebhookTables(store);
    this.policy = new TargetPolicy(options.allow ?? []);
    this.backoffMs = options.backoffMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = options.concurrency ?? 4;
  }

  /** Begins fanning out and sending (whatever is pending from before a restart first). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.unsubscribe = this.hub.subscribe(() => this.kick());
    this.kick();
  }

  /** Stops sending. Attempts in flight are cut and not recorded: they stay pending for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Fans out new events and sends what is due; safe to call any time (and cheap when idle). */
  kick(): void {
    if (!this.started || this.closed) return;
    try {
      this.fanOut();
      this.sendDue();
    } catch (err) {
      // A closed store under a last kick is expected; anything else is reported and retried.
      if (this.closed) return;
      this.logError(err);
      this.schedule(1000);
    }
  }

  /** A pending delivery for a `webhook.test` event, sent like any other. */
  enqueueTest(hook: WebhookRow, actor: string): DeliveryRow {
    const now = new Date();
    const event: ArcaEvent = {
      id: 0,
      type: 'webhook.test',
      time: now.toISOString(),
      entity: hook.entity,
      project: '',
      collection: '',
      collectionKind: 'registry',
      ref: '',
      name: '',
      old: null,
      new: null,
      source: null,
      actor,
      reason: `test of webhook ${hook.id}`,
    };
    const id = newDeliveryId();
    this.tables.insertDelivery({
      id,
      webhook_id: hook.id,
      event_id: null,
      event_type: event.type,
      body: deliveryBody(hook, event),
      next_attempt_at: now.getTime(),
      created_at: now.toISOString(),
    });
    this.kick();
    return this.tables.delivery(hook.id, id);
  }

  private fanOut(): void {
    const refs = this.store.refs;
    if (refs.lastRefLogSeq() <= this.fannedOutTo) return;
    // No webhook anywhere: nothing to fan out, and no write (an fsync) after every ref
    // change. The cursor may lag; the first webhook's creation moves it up (postWebhook).
    if (!this.tables.anyWebhook()) return;
    for (let done = false; !done; ) {
      done = refs.transaction(() => {
        const cursor = this.tables.outboxCursor(refs.lastRefLogSeq());
        const page = listEvents(this.store, cursor, {}, FAN_OUT_PAGE);
        if (page.events.length > 0) {
          const hooks = this.tables.webhooks().map((h) => ({ hook: h, types: new Set(JSON.parse(h.types) as string[]) }));
          const now = new Date();
          for (const event of page.events) {
            for (const { hook, types } of hooks) {
              if (!matchesWebhook(hook, types, event)) continue;
              this.tables.insertDelivery({
                id: newDeliveryId(),
                webhook_id: hook.id,
                event_id: event.id,
                event_type: event.type,
                body: deliveryBody(hook, event),
                next_attempt_at: now.getTime(),
                created_at: now.toISOString(),
              });
            }
          }
        }
        if (page.cursor !== cursor) this.tables.setOutboxCursor(page.cursor);
        this.fannedOutTo = page.cursor;
        return page.done;
      });
    }
  }

  private sendDue(): void {
    const free = this.concurrency - this.inFlight.size;
    if (free > 0) {
      const due = this.tables.due(Date.now(), free + this.inFlight.size).filter((d) => !this.inFlight.has(d.id));
      for (const d of due.slice(0, free)) {
        const p = this.attempt(d)
          .catch((err: unknown) => {
            if (!this.closed) this.logError(err);
          })
          .finally(() => {
            this.inFlight.delete(d.id);
            this.kick();
          });
        this.inFlight.set(d.id, p);
      }
    }
    // Rows in flight are still pending and due: leave them out, or the timer would spin
    // until their answers come (each answer kicks again anyway). For the same reason,
    // while every slot is taken, rows already due wait for an answer, not for the timer.
    const next = this.tables.nextDue([...this.inFlight.keys()]);
    const full = this.inFlight.size >= this.concurrency;
    this.schedule(next !== undefined && !full ? next - Date.now() : MAX_SLEEP_MS);
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), Math.min(Math.max(ms, 0), MAX_SLEEP_MS));
    this.timer.unref();
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    const hook = this.tables.webhookById(d.webhook_id);
    if (!hook) return;
    const started = new Date();
    const t0 = performance.now();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Arca-Webhooks/1',
      'arca-delivery': d.id,
      'arca-event': d.event_type,
      'arca-webhook': hook.id,
      'arca-signature': signPayload(hook.secret, d.body, Math.floor(Date.now() / 1000)),
    };
    const result = await sendDelivery(hook.url, d.body, headers, this.policy, this.timeoutMs, this.abort.signal);
    // Cut short by close(): no verdict; the row stays as it was and goes again after restart.
    if (this.closed) return;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attempts = d.attempts + 1;
    const failed = !ok && attempts >= this.maxAttempts;
    const wait = Math.min(this.backoffMs * 2 ** (attempts - 1), this.maxBackoffMs);
    this.tables.recordAttempt(
      d,
      {
        startedAt: started.toISOString(),
        durationMs: Math.round(performance.now() - t0),
        status: result.status,
        error: ok ? null : (result.error ?? `HTTP ${result.status}`),
      },
      {
        status: ok ? 'succeeded' : failed ? 'failed' : 'pending',
        nextAttemptAt: ok || failed ? null : Date.now() + wait,
        settledAt: ok || failed ? new Date().toISOString() : null,
      },
    );
  }
}
