import type { Command } from '../Command.js';

export const keyCreateCommand: Command = {
  name: 'key create',
  usage: 'arca key create [--read-only] [--user U] [--description D]',
  summary: "create an API key for yourself (site admins: for U); it is printed once and only its hash is kept",
  options: { 'read-only': { type: 'boolean' }, user: { type: 'string' }, description: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const user = values.user as string | undefined;
    const description = values.description as string | undefined;
    const created = await ctx.client().access.createKey({
      ...(user !== undefined ? { user } : {}),
      readOnly: values['read-only'] === true,
      ...(description !== undefined ? { description } : {}),
    });
    const k = created.key;
    return {
      json: created,
      text: `${created.secret}\n\nkey ${k.id} for ${k.user}${k.readOnly ? ' (read-only)' : ''}. This is the only time it is shown; store it now.`,
    };
  },
};
