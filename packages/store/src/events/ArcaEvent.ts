/** The event types the ref log produces, and the one a webhook's "send test event" sends. */
export const EVENT_TYPES = [
  'version.logged',
  'version.linked',
  'version.unlinked',
  'version.deleted',
  'alias.added',
  'alias.moved',
  'alias.removed',
  'tag.added',
  'tag.removed',
  'model.created',
  'model.edited',
  'collection.deleted',
  'ref.changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number] | 'webhook.test';

/**
 * One ref log entry as an event (SSE, webhooks). `id` is the ref log's `seq`, so
 * it is stable, ordered, and a resume point: "everything after id N".
 */
export interface ArcaEvent {
  id: number;
  type: EventType;
  /** When the ref changed (ISO 8601, UTC). */
  time: string;
  entity: string;
  project: string;
  /** `entity/project/name`. */
  collection: string;
  collectionKind: 'artifact' | 'registry';
  /** The raw ref: `versions/v3`, `aliases/production`, `tags/<tag>`. */
  ref: string;
  /** The ref's own name: the alias, the tag, or `vN`. */
  name: string;
  old: { version: string; digest: string } | null;
  new: { version: string; digest: string } | null;
  /** For `version.linked`: the artifact version the registry version points at. */
  source: { collection: string; version: string } | null;
  actor: string;
  reason: string;
}
