import type { Command } from '../Command.js';
import { shortDigest } from './shortDigest.js';

export const aliasSetCommand: Command = {
  name: 'alias set',
  usage: 'arca alias set <ref> <alias> [--expect b3:<digest, or its first 12+ hex>|none] [--reason R]',
  summary: 'point an alias at a version; with --expect, only if the alias has not moved meanwhile',
  options: { expect: { type: 'string' }, reason: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [ref, alias] = positionals as [string, string];
    const expectArg = values.expect as string | undefined;
    const expect = expectArg === undefined ? undefined : expectArg === 'none' ? null : expectArg;
    const version = await ctx.client().setAlias(ref, alias, { expect, reason: (values.reason as string | undefined) ?? '' });
    return { json: { version }, text: `${version.collection}:${alias} -> ${version.version} ${shortDigest(version.digest)}` };
  },
};
