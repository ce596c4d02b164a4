import type { Command } from '../Command.js';

export const userCreateCommand: Command = {
  name: 'user create',
  usage: 'arca user create <name> [--service-account]',
  summary: 'create a user, or a service account for a machine (site admins); give it a key with `arca key create --user`',
  options: { 'service-account': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const user = await ctx.client().access.createUser(positionals[0]!, { serviceAccount: values['service-account'] === true });
    return { json: { user }, text: `created ${user.serviceAccount ? 'service account' : 'user'} ${user.name}` };
  },
};
