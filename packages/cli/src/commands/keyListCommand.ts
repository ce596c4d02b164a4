import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

export const keyListCommand: Command = {
  name: 'key list',
  usage: 'arca key list [--user U]',
  summary: 'list your API keys (site admins: those of U), revoked ones included; secrets are never shown',
  options: { user: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const keys = await ctx.client().access.listKeys(values.user as string | undefined);
    const rows = keys.map((k) => [k.id, k.user, k.readOnly ? 'read-only' : 'read-write', k.createdAt.slice(0, 19).replace('T', ' '), k.revokedAt ? 'revoked' : 'live', k.description]);
    return { json: { keys }, text: rows.length ? formatTable(['ID', 'USER', 'ACCESS', 'CREATED', 'STATE', 'DESCRIPTION'], rows) : 'no keys' };
  },
};
