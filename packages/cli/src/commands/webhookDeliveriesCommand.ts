import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';
import { describeDelivery } from './describeDelivery.js';

export const webhookDeliveriesCommand: Command = {
  name: 'webhook deliveries',
  usage: 'arca webhook deliveries <entity> <webhook id> [--limit N]',
  summary: 'the delivery log of a webhook, newest first: status, attempts, HTTP statuses, next retry',
  options: { limit: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [entity, id] = positionals as [string, string];
    const raw = values.limit as string | undefined;
    if (raw !== undefined && !/^\d{1,3}$/.test(raw)) throw new UsageError('--limit must be an integer from 1 to 500', this.usage);
    const deliveries = await ctx.client().webhookDeliveries(entity, id, raw !== undefined ? { limit: Number(raw) } : {});
    return { json: { deliveries }, text: deliveries.length ? deliveries.map(describeDelivery).join('\n') : 'no deliveries' };
  },
};
