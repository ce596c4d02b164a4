import type { Command } from '../Command.js';

export const tagRmCommand: Command = {
  name: 'tag rm',
  usage: 'arca tag rm <entity/project/name[:vN|:alias|@b3:..]> <tag> [--reason R]',
  summary: 'remove a tag from a collection or a version (a tag it does not carry is an error)',
  options: { reason: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [ref, tag] = positionals as [string, string];
    const r = await ctx.client().registry.removeTag(ref, tag, values.reason !== undefined ? { reason: values.reason as string } : {});
    return { json: r, text: `${ref} tags: ${r.tags.join(', ') || '-'}` };
  },
};
