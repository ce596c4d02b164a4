import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

export const aliasLogCommand: Command = {
  name: 'alias log',
  usage: 'arca alias log <entity/project/name>',
  summary: 'history of alias moves: old, new, actor, reason, time',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const entries = await ctx.client().aliasLog(positionals[0]!);
    const rows = entries.map((e) => [
      e.time.replace('T', ' ').slice(0, 19),
      e.ref.replace(/^aliases\//, ''),
      e.old?.version ?? '-',
      e.new?.version ?? '-',
      e.actor,
      e.reason,
    ]);
    return { json: { entries }, text: rows.length ? formatTable(['TIME', 'ALIAS', 'OLD', 'NEW', 'ACTOR', 'REASON'], rows) : 'no alias changes' };
  },
};
