import type { VersionDiff } from '@arca/client';
import type { Command } from '../Command.js';
import { formatBytes } from '../output/formatBytes.js';
import { shortDigest } from './shortDigest.js';

const show = (v: unknown): string => JSON.stringify(v);

function describe(d: VersionDiff): string[] {
  const m = d.metadata;
  return [
    `${d.from.collection}:${d.from.version} ${shortDigest(d.from.digest)} -> ${d.to.collection}:${d.to.version} ${shortDigest(d.to.digest)}`,
    ...d.added.map((e) => `A  ${e.path}  (${formatBytes(e.size)})`),
    ...d.removed.map((e) => `D  ${e.path}  (${formatBytes(e.size)})`),
    ...d.changed.map((c) => `M  ${c.path}  (${formatBytes(c.from.size)} -> ${formatBytes(c.to.size)})`),
    ...Object.entries(m.added).map(([k, v]) => `metadata + ${k}: ${show(v)}`),
    ...Object.entries(m.removed).map(([k, v]) => `metadata - ${k}: ${show(v)}`),
    ...Object.entries(m.changed).map(([k, c]) => `metadata ~ ${k}: ${show(c.from)} -> ${show(c.to)}`),
    ...(d.type ? [`type ${d.type.from} -> ${d.type.to}`] : []),
    ...(d.description ? ['description changed'] : []),
  ];
}

export const diffCommand: Command = {
  name: 'diff',
  usage: 'arca diff <refA> <refB>',
  summary: 'files added, removed and changed from version A to version B, and metadata, type and description changes',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals }) {
    const diff = await ctx.client().diff(positionals[0]!, positionals[1]!);
    const summary = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
    return { json: diff, text: [...describe(diff), summary].join('\n') };
  },
};
