import type { Command } from '../Command.js';

export const tagAddCommand: Command = {
  name: 'tag add',
  usage: 'arca tag add <entity/project/name[:vN|:alias|@b3:..]> <tag>... [--reason R]',
  summary: 'tag a collection (bare name) or a version (a ref with :vN, :alias or @b3:)',
  options: { reason: { type: 'string' } },
  positionals: { min: 2, max: 101 },
  async run(ctx, { values, positionals }) {
    const [ref, ...tags] = positionals as [string, ...string[]];
    const r = await ctx.client().registry.addTags(ref, tags, values.reason !== undefined ? { reason: values.reason as string } : {});
    return { json: r, text: `${ref} tags: ${r.tags.join(', ') || '-'}` };
  },
};
