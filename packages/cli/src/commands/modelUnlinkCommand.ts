import type { Command } from '../Command.js';

export const modelUnlinkCommand: Command = {
  name: 'model unlink',
  usage: 'arca model unlink <entity/model-registry/Name:vN|:alias> [--reason R]',
  summary: 'unlink a version from a registered model (refused while a protected alias points at it)',
  options: { reason: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const r = await ctx.client().registry.unlink(positionals[0]!, values.reason !== undefined ? { reason: values.reason as string } : {});
    const removed = r.aliasesRemoved.length ? `; aliases removed: ${r.aliasesRemoved.join(', ')}` : '';
    return { json: r, text: `unlinked ${r.deleted.collection}:${r.deleted.version}${removed}; latest is ${r.latest ?? 'none'}` };
  },
};
