import type { Command } from '../Command.js';

export const teamRemoveCommand: Command = {
  name: 'team remove',
  usage: 'arca team remove <team> <user>',
  summary: 'remove a user from a team (team admins)',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals }) {
    const [team, user] = positionals as [string, string];
    const removed = await ctx.client().access.removeMember(team, user);
    return { json: { removed }, text: `removed ${removed.user} (${removed.role}) from ${removed.team}` };
  },
};
