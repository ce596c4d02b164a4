import { EVENT_TYPES, type ArcaEvent, type EventType } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';

function describeEvent(e: ArcaEvent): string {
  const change = `${e.old?.version ?? '-'} -> ${e.new?.version ?? '-'}`;
  // Versions name themselves; a model or collection change has no versions to show, only what changed.
  const where = e.type.startsWith('version.')
    ? `${e.collection}:${e.name}`
    : e.type.startsWith('model.') || e.type === 'collection.deleted'
      ? `${e.collection}  ${e.ref}`
      : `${e.collection}:${e.name}  ${change}`;
  const from = e.source ? `  from ${e.source.collection}:${e.source.version}` : '';
  return `${e.id}  ${e.time.replace('T', ' ').slice(0, 19)}  ${e.type.padEnd(18)}  ${where}${from}  by ${e.actor}${e.reason ? `  (${e.reason})` : ''}`;
}

function wholeNumber(raw: string | undefined, flag: string, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new UsageError(`${flag} must be a non-negative integer`, usage);
  return Number(raw);
}

export const eventsCommand: Command = {
  name: 'events',
  usage: 'arca events [--entity E]... [--collection e/p/n] [--type T]... [--since ID] [--count N] [--json]',
  summary: 'follow the event stream (ref changes as they happen; --since 0 replays all); Ctrl-C ends it',
  options: {
    entity: { type: 'string', multiple: true },
    collection: { type: 'string' },
    type: { type: 'string', multiple: true },
    since: { type: 'string' },
    count: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const types = (values.type as string[] | undefined)?.flatMap((t) => t.split(',')).filter((t) => t !== '');
    for (const t of types ?? []) {
      if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`unknown event type ${JSON.stringify(t)} (known: ${EVENT_TYPES.join(', ')})`, this.usage);
    }
    const since = wholeNumber(values.since as string | undefined, '--since', this.usage);
    const count = wholeNumber(values.count as string | undefined, '--count', this.usage);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let seen = 0;
    try {
      const events = ctx.client().events({
        ...(values.entity ? { entity: values.entity as string[] } : {}),
        ...(values.collection !== undefined ? { collection: values.collection as string } : {}),
        ...(types ? { types: types as EventType[] } : {}),
        ...(since !== undefined ? { since } : {}),
        signal: controller.signal,
        onReconnect: ({ error, lastEventId }) => {
          if (ctx.json) return;
          const why = error instanceof Error ? error.message : String(error);
          ctx.stderr.write(`arca: event stream lost (${why}); reconnecting${lastEventId !== undefined ? ` after event ${lastEventId}` : ''}\n`);
        },
      });
      if (count === 0) return { json: null, text: '' };
      for await (const e of events) {
        ctx.stdout.write(ctx.json ? JSON.stringify(e) + '\n' : describeEvent(e) + '\n');
        if (count !== undefined && ++seen >= count) break;
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return { json: null, text: '' };
  },
};
