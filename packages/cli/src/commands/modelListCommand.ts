import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

export const modelListCommand: Command = {
  name: 'model list',
  usage: 'arca model list <entity> [--search TEXT] [--tag T] [--alias A]',
  summary: "list and search a team's registered models (by name, tag, alias)",
  options: { search: { type: 'string' }, tag: { type: 'string' }, alias: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const filter: Record<string, string> = {};
    for (const key of ['search', 'tag', 'alias']) if (values[key] !== undefined) filter[key] = values[key] as string;
    const models = await ctx.client().registry.listModels(positionals[0]!, filter);
    const rows = models.map((m) => [
      m.name,
      m.type,
      String(m.versionCount),
      Object.entries(m.aliases).map(([a, v]) => `${a}=${v}`).join(' '),
      m.tags.join(', '),
    ]);
    return { json: { models }, text: rows.length ? formatTable(['NAME', 'TYPE', 'VERSIONS', 'ALIASES', 'TAGS'], rows) : 'no registered models' };
  },
};
