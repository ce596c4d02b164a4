import type { Command } from '../Command.js';

export const modelUntagCommand: Command = {
  name: 'model untag',
  usage: 'arca model untag <entity/model-registry/Name> <tag>... [--reason R]',
  summary: 'remove tags from a registered model (a tag it does not carry is an error)',
  options: { reason: { type: 'string' } },
  positionals: { min: 2, max: 101 },
  async run(ctx, { values, positionals }) {
    const [name, ...tags] = positionals as [string, ...string[]];
    const opts = values.reason !== undefined ? { reason: values.reason as string } : {};
    let result = { tags: [] as string[], added: [] as string[], removed: [] as string[] };
    const removed: string[] = [];
    for (const tag of tags) {
      result = await ctx.client().registry.removeTag(name, tag, opts);
      removed.push(...result.removed);
    }
    return { json: { tags: result.tags, added: [], removed }, text: `tags: ${result.tags.join(', ') || '-'}` };
  },
};
