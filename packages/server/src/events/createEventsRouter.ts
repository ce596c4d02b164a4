import type { Store } from '@arca/store';
import { Router } from 'express';
import type { EventHub } from './EventHub.js';
import { eventLimits } from './eventLimits.js';
import { getEvents } from './getEvents.js';

/** The live event stream of the ref log. */
export function createEventsRouter(store: Store, hub: EventHub, options: { heartbeatMs?: number } = {}): Router {
  const router = Router();
  router.get('/events', getEvents(store, hub, options.heartbeatMs ?? eventLimits.heartbeatMs));
  return router;
}
