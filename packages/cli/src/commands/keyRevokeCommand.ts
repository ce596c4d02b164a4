import type { Command } from '../Command.js';

export const keyRevokeCommand: Command = {
  name: 'key revoke',
  usage: 'arca key revoke <id>',
  summary: 'revoke an API key by its id (your own; site admins: anyone\'s); it stops working at once',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const key = await ctx.client().access.revokeKey(positionals[0]!);
    return { json: { revoked: key }, text: `revoked key ${key.id} of ${key.user}` };
  },
};
