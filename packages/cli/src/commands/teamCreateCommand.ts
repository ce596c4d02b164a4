import type { Command } from '../Command.js';

export const teamCreateCommand: Command = {
  name: 'team create',
  usage: 'arca team create <team>',
  summary: 'create a team, the entity of names (site admins)',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const team = await ctx.client().access.createTeam(positionals[0]!);
    return { json: { team }, text: `created team ${team.name}` };
  },
};
