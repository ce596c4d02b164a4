import { NotFoundError, type EventType, type Store } from '@arca/store';
import type { DeliveryAttempt, DeliveryInfo, WebhookFormat, WebhookInfo } from '@arca/store';

export interface WebhookRow {
  id: string;
  entity: string;
  url: string;
  types: string;
  pattern: string | null;
  secret: string;
  format: WebhookFormat;
  after_seq: number;
  created_by: string;
  created_at: string;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: number | null;
  event_type: string;
  body: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  settled_at: string | null;
}

interface AttemptRow {
  delivery_id: string;
  n: number;
  started_at: string;
  duration_ms: number;
  status: number | null;
  error: string | null;
}

/** The rows of the webhook tables (store/src/refdb/webhooksSchema.ts); the rules live in the callers. */
export class WebhookTables {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.refs.db;
  }

  insertWebhook(row: WebhookRow): void {
    this.db
      .prepare(
        `INSERT INTO webhooks (id, entity, url, types, pattern, secret, format, after_seq, created_by, created_at)
         VALUES (@id, @entity, @url, @types, @pattern, @secret, @format, @after_seq, @created_by, @created_at)`,
      )
      .run(row);
  }

  webhook(entity: string, id: string): WebhookRow {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ? AND entity = ?').get(id, entity) as WebhookRow | undefined;
    if (!row) throw new NotFoundError('webhook', `${entity}/${id}`);
    return row;
  }

  webhookById(id: string): WebhookRow | undefined {
    return this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow | undefined;
  }

  webhooks(entity?: string): WebhookRow[] {
    return (
      entity === undefined
        ? this.db.prepare('SELECT * FROM webhooks ORDER BY created_at, id').all()
        : this.db.prepare('SELECT * FROM webhooks WHERE entity = ? ORDER BY created_at, id').all(entity)
    ) as WebhookRow[];
  }

  anyWebhook(): boolean {
    return this.db.prepare('SELECT 1 FROM webhooks LIMIT 1').get() !== undefined;
  }

  /** Removes the webhook and, with it, its deliveries and their attempts (ON DELETE CASCADE). */
  deleteWebhook(entity: string, id: string): void {
    const info = this.db.prepare('DELETE FROM webhooks WHERE id = ? AND entity = ?').run(id, entity);
    if (info.changes === 0) throw new NotFoundError('webhook', `${entity}/${id}`);
  }

  info(row: WebhookRow): WebhookInfo {
    const counts = { pending: 0, succeeded: 0, failed: 0 };
    const rows = this.db.prepare('SELECT status, count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? GROUP BY status').all(row.id) as {
      status: keyof typeof counts;
      n: number;
    }[];
    for (const r of rows) counts[r.status] = r.n;
    return {
      id: row.id,
      entity: row.entity,
      url: row.url,
      types: JSON.parse(row.types) as EventType[],
      pattern: row.pattern,
      format: row.format,
      createdBy: row.created_by,
      createdAt: row.created_at,
      deliveries: counts,
    };
  }

  /** Adds a pending delivery unless this webhook already has one for this event; true when added. */
  insertDelivery(row: Omit<DeliveryRow, 'attempts' | 'last_status' | 'last_error' | 'settled_at' | 'status'>): boolean {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO webhook_deliveries (id, webhook_id, event_id, event_type, body, status, next_attempt_at, created_at)
         VALUES (@id, @webhook_id, @event_id, @event_type, @body, 'pending', @next_attempt_at, @created_at)`,
      )
      .run(row);
    return info.changes === 1;
  }

  delivery(webhookId: string, id: string): DeliveryRow {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?').get(id, webhookId) as DeliveryRow | undefined;
    if (!row) throw new NotFoundError('delivery', id);
    return row;
  }

  deliveries(webhookId: string, limit: number): DeliveryRow[] {
    return this.db
      .prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(webhookId, limit) as DeliveryRow[];
  }

  /** Pending deliveries due by `now` (ms), oldest due first. */
  due(now: number, limit: number): DeliveryRow[] {
    return this.db
      .prepare("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?")
      .all(now, limit) as DeliveryRow[];
  }

  /** When the next pending delivery not in `exclude` is due (ms), or undefined when there is none. */
  nextDue(exclude: readonly string[] = []): number | undefined {
    const notIn = exclude.length > 0 ? ` AND id NOT IN (${exclude.map(() => '?').join(', ')})` : '';
    const row = this.db
      .prepare(`SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'${notIn}`)
      .get(...exclude) as { at: number | null };
    return row.at ?? undefined;
  }

  /** Records one attempt and the delivery's new state, together. */
  recordAttempt(
    delivery: DeliveryRow,
    attempt: { startedAt: string; durationMs: number; status: number | null; error: string | null },
    next: { status: DeliveryRow['status']; nextAttemptAt: number | null; settledAt: string | null },
  ): void {
    this.store.refs.transaction(() => {
      // Removed with its webhook while the attempt was in flight: nothing left to record.
      if (!this.db.prepare('SELECT 1 FROM webhook_deliveries WHERE id = ?').get(delivery.id)) return;
      const n = delivery.attempts + 1;
      this.db
        .prepare('INSERT INTO webhook_attempts (delivery_id, n, started_at, duration_ms, status, error) VALUES (?, ?, ?, ?, ?, ?)')
        .run(delivery.id, n, attempt.startedAt, attempt.durationMs, attempt.status, attempt.error);
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET attempts = ?, status = ?, next_attempt_at = ?, last_status = ?, last_error = ?, settled_at = ?
           WHERE id = ?`,
        )
        .run(n, next.status, next.nextAttemptAt, attempt.status, attempt.error, next.settledAt, delivery.id);
    });
  }

  deliveryInfo(row: DeliveryRow): DeliveryInfo {
    const attempts = this.db.prepare('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY n').all(row.id) as AttemptRow[];
    const log: DeliveryAttempt[] = attempts.map((a) => ({ attempt: a.n, at: a.started_at, durationMs: a.duration_ms, status: a.status, error: a.error }));
    return {
      id: row.id,
      webhook: row.webhook_id,
      eventId: row.event_id,
      eventType: row.event_type,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === 'pending' && row.next_attempt_at !== null ? new Date(row.next_attempt_at).toISOString() : null,
      lastStatus: row.last_status,
      lastError: row.last_error,
      createdAt: row.created_at,
      settledAt: row.settled_at,
      log,
    };
  }

  /** The seq up to which events became deliveries; set to `initial` on first use. */
  outboxCursor(initial: number): number {
    this.db.prepare('INSERT OR IGNORE INTO webhook_outbox (id, seq) VALUES (1, ?)').run(initial);
    return (this.db.prepare('SELECT seq FROM webhook_outbox WHERE id = 1').get() as { seq: number }).seq;
  }

  setOutboxCursor(seq: number): void {
    this.db.prepare('UPDATE webhook_outbox SET seq = ? WHERE id = 1').run(seq);
  }
}
