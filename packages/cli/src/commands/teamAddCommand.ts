import { ROLES } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';

export const teamAddCommand: Command = {
  name: 'team add',
  usage: `arca team add <team> <user> --role ${ROLES.join('|')}`,
  summary: "add a user to a team with a role, or change the user's role (team admins)",
  options: { role: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const role = values.role as string | undefined;
    if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`, this.usage);
    const [team, user] = positionals as [string, string];
    const member = await ctx.client().access.setMember(team, user, role);
    return { json: { member }, text: `${member.user} is ${member.role} of ${member.team}` };
  },
};
