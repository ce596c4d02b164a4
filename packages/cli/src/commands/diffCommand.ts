import type { Command } from '../Command.js';
import { formatBytes } from '../output/formatBytes.js';

export const diffCommand: Command = {
  name: 'diff',
  usage: 'arca diff <refA> <refB>',
  summary: 'files added, removed and changed from version A to version B',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals }) {
    const diff = await ctx.client().diff(positionals[0]!, positionals[1]!);
    const lines = [
      ...diff.added.map((e) => `A  ${e.path}  (${formatBytes(e.size)})`),
      ...diff.removed.map((e) => `D  ${e.path}  (${formatBytes(e.size)})`),
      ...diff.changed.map((c) => `M  ${c.path}  (${formatBytes(c.from.size)} -> ${formatBytes(c.to.size)})`),
    ];
    const summary = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
    return { json: diff, text: [...lines, summary].join('\n') };
  },
};
