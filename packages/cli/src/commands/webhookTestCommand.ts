import type { DeliveryInfo } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';
import { describeDelivery } from './describeDelivery.js';

export const webhookTestCommand: Command = {
  name: 'webhook test',
  usage: 'arca webhook test <entity> <webhook id> [--timeout SECONDS]',
  summary: 'send a test event and wait for its first attempt (exit 1 if the target did not answer 2xx)',
  options: { timeout: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [entity, id] = positionals as [string, string];
    const raw = (values.timeout as string | undefined) ?? '15';
    if (!/^\d{1,4}$/.test(raw)) throw new UsageError('--timeout must be a whole number of seconds', this.usage);
    const client = ctx.client();
    let d: DeliveryInfo = await client.testWebhook(entity, id);
    const deadline = Date.now() + Number(raw) * 1000;
    while (d.attempts === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      d = await client.webhookDelivery(entity, id, d.id);
    }
    const ok = d.status === 'succeeded';
    const verdict = d.attempts === 0 ? 'not attempted yet (see arca webhook deliveries)' : ok ? 'delivered' : 'not delivered; it will be retried';
    return { json: { delivery: d }, text: `${describeDelivery(d)}\n${verdict}`, exitCode: ok ? 0 : 1 };
  },
};
