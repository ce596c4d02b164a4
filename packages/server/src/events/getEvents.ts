import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { authorizeEventFilter } from './authorizeEventFilter.js';
import type { EventHub } from './EventHub.js';
import { EventStream } from './EventStream.js';
import { parseEventQuery } from './parseEventQuery.js';

/**
 * `GET /events`: Server-Sent Events, one per ref log entry that passes the
 * filter, from the resume point (`Last-Event-ID` or `since`; without either,
 * only what happens from now on) and then live until the client hangs up.
 * Only events of teams the caller can read are sent (authorizeEventFilter).
 */
export function getEvents(store: Store, hub: EventHub, heartbeatMs: number): RequestHandler {
  return (req, res) => {
    const { filter: asked, after } = parseEventQuery(req);
    const caller = callerOf(res);
    const filter = authorizeEventFilter(store, caller, asked);
    const keyLive = () => store.access.keyById(caller.keyId)?.revoked_at === null;
    new EventStream(store, hub, res, filter, after ?? store.refs.lastRefLogSeq(), heartbeatMs, keyLive);
  };
}
