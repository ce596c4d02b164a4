import type { Command } from '../Command.js';

export const aliasRmCommand: Command = {
  name: 'alias rm',
  usage: 'arca alias rm <entity/project/name> <alias> [--expect b3:<digest, or its first 12+ hex>] [--reason R]',
  summary: 'remove an alias',
  options: { expect: { type: 'string' }, reason: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [collection, alias] = positionals as [string, string];
    // Taking `production` away is as much a decision as moving it; the alias log keeps why.
    const removed = await ctx.client().removeAlias(collection, alias, { expect: values.expect as string | undefined, reason: values.reason as string | undefined });
    return { json: { removed }, text: `removed ${collection}:${alias} (was ${removed.version})` };
  },
};
