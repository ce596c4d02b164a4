import type { Command } from '../Command.js';
import { shortDigest } from './shortDigest.js';

export const linkCommand: Command = {
  name: 'link',
  usage: 'arca link <ref> <entity/model-registry/Name> [--alias A]... [--reason R]',
  summary: 'link a version into a registered model (a pointer: no bytes are copied)',
  options: { alias: { type: 'string', multiple: true }, reason: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals }) {
    const [ref, registry] = positionals as [string, string];
    const result = await ctx.client().linkArtifact(ref, registry, {
      aliases: (values.alias as string[] | undefined) ?? [],
      reason: (values.reason as string | undefined) ?? '',
    });
    const v = result.version;
    const head = result.created ? 'linked' : 'already linked as';
    return {
      json: result,
      text: `${head} ${v.collection}:${v.version} -> ${v.source?.collection}:${v.source?.version} ${shortDigest(v.digest)}\n  aliases: ${v.aliases.join(', ')}`,
    };
  },
};
