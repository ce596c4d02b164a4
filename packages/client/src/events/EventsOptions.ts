import type { EventType } from '@arca/store/pure';

export interface EventsOptions {
  /** Only events of these entities (teams). */
  entity?: string | string[];
  /** Only events of this collection, `entity/project/name`. */
  collection?: string;
  /** Only these event types. */
  types?: EventType[];
  /** Start after this event id (0: the whole ref log). Without it: events from now on. */
  since?: number;
  /** Ends the iteration (the iterator returns; no error). */
  signal?: AbortSignal;
  /** First wait before reconnecting after a lost connection; doubles up to 30 s, reset by any event. Default 1 s. */
  reconnectDelayMs?: number;
  /** Told of each lost connection before the reconnect (for logs). */
  onReconnect?: (info: { attempt: number; error: unknown; lastEventId: number | undefined }) => void;
}
