import type { Command } from '../Command.js';
import { parseTtl } from './parseTtl.js';
import { describeRetentionText } from './retentionShowCommand.js';

const USAGE = 'arca retention set <entity/project/name[:vN|:alias]> <30d|12h|never|default>';

/**
 * On a collection: the default TTL of its versions (`never` clears it). On a
 * version: its own TTL, `never` to keep it forever, `default` to follow the
 * collection's again. Versions linked into the registry or under a protected
 * alias are never deleted by retention.
 */
export const retentionSetCommand: Command = {
  name: 'retention set',
  usage: USAGE,
  summary: 'set the TTL of a collection (default for its versions) or of one version',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals }) {
    const [target, ttlText] = positionals as [string, string];
    const info = await ctx.client().setRetention(target, parseTtl(ttlText, USAGE, true));
    return { json: info, text: describeRetentionText(info) };
  },
};
