import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';
import { formatModel } from './formatModel.js';
import { shortDigest } from './shortDigest.js';

export const modelShowCommand: Command = {
  name: 'model show',
  usage: 'arca model show <entity/model-registry/Name>',
  summary: "show a registered model: card, tags, metadata, aliases, and each version's source",
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const { model, versions } = await ctx.client().registry.model(positionals[0]!);
    const rows = versions.map((v) => [
      v.version,
      shortDigest(v.digest),
      v.source ? `${v.source.collection}:${v.source.version}` : '-',
      v.aliases.join(', '),
      v.tags.join(', '),
      v.metrics ? Object.entries(v.metrics).map(([k, x]) => `${k}=${x}`).join(' ') : '-',
    ]);
    const lines = formatModel(model);
    lines.push('', rows.length ? formatTable(['VERSION', 'DIGEST', 'SOURCE', 'ALIASES', 'TAGS', 'METRICS'], rows) : 'no versions linked');
    return { json: { model, versions }, text: lines.join('\n') };
  },
};
