import type { RetentionInfo } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { formatDuration } from '../output/formatDuration.js';

export function describeRetentionText(r: RetentionInfo): string {
  const own = (t: number | null | undefined) => (t === undefined ? 'default' : t === null ? 'never' : formatDuration(t));
  return [
    `${r.collection}: default TTL ${r.defaultTtlSeconds === null ? 'none (kept)' : formatDuration(r.defaultTtlSeconds)}`,
    ...r.versions.map((v) => {
      const held = v.exemptWhile?.map((p) => (p.kind === 'link' ? `linked as ${p.registry}:${p.version}` : `protected alias ${p.alias}`));
      return `  ${v.version.padEnd(5)} ttl ${own(v.ttlSeconds).padEnd(8)} expires ${v.expiresAt ?? 'never'}${held ? ` (kept while ${held.join(', ')})` : ''}`;
    }),
  ].join('\n');
}

export const retentionShowCommand: Command = {
  name: 'retention show',
  usage: 'arca retention show <entity/project/name>',
  summary: "show a collection's default TTL and when each version expires",
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const info = await ctx.client().retention(positionals[0]!);
    return { json: info, text: describeRetentionText(info) };
  },
};
