import type { Command } from '../Command.js';
import { formatModel } from './formatModel.js';
import { parseMetadata } from './parseMetadata.js';
import { readCard } from './readCard.js';

const USAGE =
  'arca model create <entity/model-registry/Name> [--type T] [--card FILE|-] [--tag T]... [--metadata k=v]... [--metadata-file F] [--protect ALIAS]... [--reason R]';

export const modelCreateCommand: Command = {
  name: 'model create',
  usage: USAGE,
  summary: 'create a registered model with its card (Markdown), tags and metadata',
  options: {
    type: { type: 'string' },
    card: { type: 'string' },
    tag: { type: 'string', multiple: true },
    metadata: { type: 'string', multiple: true },
    'metadata-file': { type: 'string' },
    protect: { type: 'string', multiple: true },
    reason: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const pairs = (values.metadata as string[] | undefined) ?? [];
    const metaFile = values['metadata-file'] as string | undefined;
    const model = await ctx.client().registry.createModel(positionals[0]!, {
      ...(values.type !== undefined ? { type: values.type as string } : {}),
      ...(values.card !== undefined ? { description: await readCard(values.card as string, ctx.cwd, USAGE) } : {}),
      ...(values.tag !== undefined ? { tags: values.tag as string[] } : {}),
      ...(pairs.length > 0 || metaFile !== undefined ? { metadata: await parseMetadata(pairs, metaFile, ctx.cwd) } : {}),
      ...(values.protect !== undefined ? { protectedAliases: values.protect as string[] } : {}),
      ...(values.reason !== undefined ? { reason: values.reason as string } : {}),
    });
    return { json: { model }, text: ['created', ...formatModel(model)].join('\n') };
  },
};
