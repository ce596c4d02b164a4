import type { Command } from '../Command.js';

export const webhookRmCommand: Command = {
  name: 'webhook rm',
  usage: 'arca webhook rm <entity> <webhook id>',
  summary: 'remove a webhook (its pending deliveries are dropped)',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals }) {
    const [entity, id] = positionals as [string, string];
    await ctx.client().removeWebhook(entity, id);
    return { json: { removed: id }, text: `removed ${id}` };
  },
};
