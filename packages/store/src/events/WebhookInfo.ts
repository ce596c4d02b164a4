import type { EventType } from './ArcaEvent.js';

export type WebhookFormat = 'json' | 'slack';

/** A webhook as the API shows it (never with its secret, except once at creation). */
export interface WebhookInfo {
  id: string;
  entity: string;
  url: string;
  types: EventType[];
  /** Glob (`*`, `?`) on the alias or tag name of alias and tag events; null: all. */
  pattern: string | null;
  format: WebhookFormat;
  createdBy: string;
  createdAt: string;
  deliveries: { pending: number; succeeded: number; failed: number };
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  durationMs: number;
  /** The HTTP status, or null when no answer came (refused target, timeout, connection error). */
  status: number | null;
  error: string | null;
}

/** One event's delivery to one webhook, with every attempt so far. */
export interface DeliveryInfo {
  id: string;
  webhook: string;
  eventId: number | null;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  settledAt: string | null;
  log: DeliveryAttempt[];
}
