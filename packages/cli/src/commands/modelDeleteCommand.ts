import { InvalidArgumentError, parseCollectionName, REGISTRY_PROJECT } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { count } from '../output/count.js';

export const modelDeleteCommand: Command = {
  name: 'model delete',
  usage: 'arca model delete <entity/model-registry/Name> [--reason R]',
  summary: 'delete a registered model and its links (refused while a protected alias is set)',
  options: { reason: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const name = positionals[0]!;
    if (parseCollectionName(name).project !== REGISTRY_PROJECT) throw new InvalidArgumentError('model', `not a registered model: ${name} (use arca delete)`);
    const r = await ctx.client().registry.deleteCollection(name, values.reason !== undefined ? { reason: values.reason as string } : {});
    return { json: r, text: `deleted ${r.deleted.collection} (${count(r.deleted.versions, 'version')})` };
  },
};
