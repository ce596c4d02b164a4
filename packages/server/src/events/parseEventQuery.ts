import { EVENT_TYPES, InvalidArgumentError, parseCollectionName, validateName, type EventFilter, type EventType } from '@arca/store';
import type { Request } from 'express';
import { eventLimits } from './eventLimits.js';

const KNOWN = new Set<string>(EVENT_TYPES);
const PARAMS = new Set(['entity', 'collection', 'type', 'since']);

function list(value: unknown, name: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string')) throw new InvalidArgumentError(name, 'must be a string');
  return values.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

function seq(raw: string, name: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new InvalidArgumentError(name, 'must be an event id (a non-negative integer)');
  return Number(raw);
}

/**
 * The filter and resume point of `GET /events`. `Last-Event-ID` wins over
 * `since`: a reconnecting EventSource sends the header but repeats its first
 * URL, whose `since` is older than what it has already seen.
 */
export function parseEventQuery(req: Request): { filter: EventFilter; after: number | undefined } {
  for (const key of Object.keys(req.query)) {
    if (!PARAMS.has(key)) throw new InvalidArgumentError(key, 'unknown query parameter (entity, collection, type, since)');
  }
  const filter: { entities?: string[]; collection?: EventFilter['collection']; types?: EventType[] } = {};
  if (req.query.entity !== undefined) {
    const entities = list(req.query.entity, 'entity');
    entities.forEach((e) => validateName('entity', e));
    filter.entities = entities;
  }
  if (req.query.collection !== undefined) {
    if (typeof req.query.collection !== 'string') throw new InvalidArgumentError('collection', 'give one collection');
    filter.collection = parseCollectionName(req.query.collection);
  }
  if (req.query.type !== undefined) {
    const types = list(req.query.type, 'type');
    if (types.length > eventLimits.maxTypes) throw new InvalidArgumentError('type', `at most ${eventLimits.maxTypes} types`);
    for (const t of types) if (!KNOWN.has(t)) throw new InvalidArgumentError('type', `unknown event type ${JSON.stringify(t)}; known: ${EVENT_TYPES.join(', ')}`);
    filter.types = types as EventType[];
  }
  const header = req.headers['last-event-id'];
  let after: number | undefined;
  if (typeof header === 'string' && header !== '') after = seq(header, 'Last-Event-ID');
  else if (req.query.since !== undefined) {
    if (typeof req.query.since !== 'string') throw new InvalidArgumentError('since', 'give one event id');
    after = seq(req.query.since, 'since');
  }
  return { filter, after };
}
