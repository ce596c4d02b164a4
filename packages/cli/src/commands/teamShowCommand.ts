import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

export const teamShowCommand: Command = {
  name: 'team show',
  usage: 'arca team show <team>',
  summary: "list a team's members and their roles (members of the team)",
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const info = await ctx.client().access.team(positionals[0]!);
    const rows = info.members.map((m) => [m.user, m.role, m.serviceAccount ? 'service account' : 'user']);
    return { json: info, text: rows.length ? formatTable(['USER', 'ROLE', 'KIND'], rows) : `team ${info.team.name} has no members` };
  },
};
