import type { Command } from '../Command.js';
import { formatModel } from './formatModel.js';
import { parseMetadata } from './parseMetadata.js';
import { readCard } from './readCard.js';

const USAGE = 'arca model edit-card <entity/model-registry/Name> [FILE|-] [--metadata-file F] [--reason R]';

export const modelEditCardCommand: Command = {
  name: 'model edit-card',
  usage: USAGE,
  summary: "replace a registered model's card (Markdown) from a file or stdin; --metadata-file replaces its metadata (alone: the card stays)",
  options: { 'metadata-file': { type: 'string' }, reason: { type: 'string' } },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const metaFile = values['metadata-file'] as string | undefined;
    const cardFile = positionals[1];
    // With --metadata-file and no FILE only the metadata changes; with neither, the card comes from stdin.
    const { model, changed } = await ctx.client().registry.updateModel(positionals[0]!, {
      ...(cardFile !== undefined || metaFile === undefined ? { description: await readCard(cardFile, ctx.cwd, USAGE) } : {}),
      ...(metaFile !== undefined ? { metadata: await parseMetadata([], metaFile, ctx.cwd) } : {}),
      ...(values.reason !== undefined ? { reason: values.reason as string } : {}),
    });
    const said = changed.length === 0 ? 'unchanged: the card and metadata given are the ones it has' : `updated ${changed.join(', ')}`;
    return { json: { model, changed }, text: [said, ...formatModel(model)].join('\n') };
  },
};
