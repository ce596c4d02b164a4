import type { Command } from '../Command.js';

export const whoamiCommand: Command = {
  name: 'whoami',
  usage: 'arca whoami',
  summary: "show the user of the API key in use, the key's id and the user's teams and roles",
  options: {},
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const me = await ctx.client().access.whoami();
    const flags = [me.user.siteAdmin ? 'site admin' : '', me.user.serviceAccount ? 'service account' : '', me.key.readOnly ? 'read-only key' : '']
      .filter(Boolean)
      .join(', ');
    const teams = me.teams.map((t) => `${t.team} (${t.role})`).join(', ') || 'none';
    return {
      json: { url: ctx.url(), ...me },
      text: `${me.user.name}${flags ? ` [${flags}]` : ''} on ${ctx.url()}, key ${me.key.id}\nteams: ${teams}`,
    };
  },
};
