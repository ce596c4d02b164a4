import type { Command } from '../Command.js';

export const modelTagCommand: Command = {
  name: 'model tag',
  usage: 'arca model tag <entity/model-registry/Name> <tag>... [--reason R]',
  summary: 'add tags to a registered model',
  options: { reason: { type: 'string' } },
  positionals: { min: 2, max: 101 },
  async run(ctx, { values, positionals }) {
    const [name, ...tags] = positionals as [string, ...string[]];
    const result = await ctx.client().registry.addTags(name, tags, values.reason !== undefined ? { reason: values.reason as string } : {});
    return { json: result, text: `tags: ${result.tags.join(', ') || '-'}` };
  },
};
