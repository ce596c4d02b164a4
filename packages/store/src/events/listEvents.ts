import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { Store } from '../Store.js';
import type { ArcaEvent } from './ArcaEvent.js';
import type { EventFilter } from './EventFilter.js';
import { eventOf } from './eventOf.js';

export interface EventPage {
  events: ArcaEvent[];
  /**
   * Where the next call should start (`after`). Past the last event returned,
   * possibly further: rows that did not pass the filter are skipped for good.
   */
  cursor: number;
  /** True when nothing newer than `cursor` was in the ref log at the time of the call. */
  done: boolean;
}

/**
 * Events after ref log seq `after`, oldest first, at most `limit` rows scanned.
 * Reading the head first and then only rows up to it keeps a page consistent
 * while writers append (sequence numbers are handed out under the write lock,
 * so no row can later appear below the head).
 */
export function listEvents(store: Store, after: number, filter: EventFilter = {}, limit = 500): EventPage {
  if (!Number.isSafeInteger(after) || after < 0) throw new InvalidArgumentError('since', 'a non-negative integer event id');
  const refs = store.refs;
  const head = refs.lastRefLogSeq();
  if (after >= head) return { events: [], cursor: Math.max(after, head), done: true };
  const rows = refs.refLogRange(after, head, filter, limit);
  const types = filter.types ? new Set<string>(filter.types) : undefined;
  const events = rows.map((r) => eventOf(refs, r)).filter((e) => !types || types.has(e.type));
  const full = rows.length === limit;
  return { events, cursor: full ? rows[rows.length - 1]!.seq : head, done: !full };
}
