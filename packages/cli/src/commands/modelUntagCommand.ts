import { NotFoundError } from '@arca/store/pure';
import type { Command } from '../Command.js';

export const modelUntagCommand: Command = {
  name: 'model untag',
  usage: 'arca model untag <entity/model-registry/Name> <tag>... [--reason R]',
  summary: 'remove tags from a registered model (a tag it does not carry is an error, and then none is removed)',
  options: { reason: { type: 'string' } },
  positionals: { min: 2, max: 101 },
  async run(ctx, { values, positionals }) {
    const [name, ...given] = positionals as [string, ...string[]];
    const tags = [...new Set(given)];
    const opts = values.reason !== undefined ? { reason: values.reason as string } : {};
    const client = ctx.client();
    // Check every tag first: one it does not carry must not leave the others half removed.
    const isVersion = /[:@]/.test(name);
    const carried = isVersion ? (await client.resolve(name)).tags : (await client.registry.model(name)).model.tags;
    const missing = tags.find((t) => !carried.includes(t));
    if (missing !== undefined) throw new NotFoundError('tag', `${name} ${missing}`);
    let result = { tags: carried, added: [] as string[], removed: [] as string[] };
    const removed: string[] = [];
    for (const tag of tags) {
      result = await client.registry.removeTag(name, tag, opts);
      removed.push(...result.removed);
    }
    return { json: { tags: result.tags, added: [], removed }, text: `tags: ${result.tags.join(', ') || '-'}` };
  },
};
