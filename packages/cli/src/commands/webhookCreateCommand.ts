import { EVENT_TYPES, type EventType, type WebhookFormat } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';

export const webhookCreateCommand: Command = {
  name: 'webhook create',
  usage: 'arca webhook create <entity> <url> [--type T]... [--pattern GLOB] [--secret S] [--format json|slack]',
  summary: "register a webhook for a team's events; prints its id and (this once) its signing secret",
  options: { type: { type: 'string', multiple: true }, pattern: { type: 'string' }, secret: { type: 'string' }, format: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [entity, url] = positionals as [string, string];
    const types = (values.type as string[] | undefined)?.flatMap((t) => t.split(',')).filter((t) => t !== '');
    for (const t of types ?? []) {
      if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`unknown event type ${JSON.stringify(t)} (known: ${EVENT_TYPES.join(', ')})`, this.usage);
    }
    const format = values.format as string | undefined;
    if (format !== undefined && format !== 'json' && format !== 'slack') throw new UsageError('--format must be json or slack', this.usage);
    const r = await ctx.client().createWebhook(entity, {
      url,
      ...(types ? { types: types as EventType[] } : {}),
      ...(values.pattern !== undefined ? { pattern: values.pattern as string } : {}),
      ...(values.secret !== undefined ? { secret: values.secret as string } : {}),
      ...(format !== undefined ? { format: format as WebhookFormat } : {}),
    });
    const w = r.webhook;
    return {
      json: r,
      text: [
        `webhook ${w.id} for ${w.entity}: ${w.url}`,
        `  events: ${w.types.join(', ')}${w.pattern ? `  pattern: ${w.pattern}` : ''}  format: ${w.format}`,
        `  secret: ${r.secret}`,
        '  (the secret is shown only now; receivers check Arca-Signature with it)',
      ].join('\n'),
    };
  },
};
