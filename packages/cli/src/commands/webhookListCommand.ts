import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

export const webhookListCommand: Command = {
  name: 'webhook list',
  usage: 'arca webhook list <entity>',
  summary: "a team's webhooks with their delivery counts",
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const webhooks = await ctx.client().listWebhooks(positionals[0]!);
    const rows = webhooks.map((w) => [
      w.id,
      w.url,
      w.types.join(','),
      w.pattern ?? '*',
      w.format,
      `${w.deliveries.succeeded}/${w.deliveries.pending}/${w.deliveries.failed}`,
    ]);
    return { json: { webhooks }, text: rows.length ? formatTable(['ID', 'URL', 'EVENTS', 'PATTERN', 'FORMAT', 'OK/PENDING/FAILED'], rows) : 'no webhooks' };
  },
};
