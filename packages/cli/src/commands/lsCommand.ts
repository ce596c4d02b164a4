import { InvalidNameError } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { formatBytes } from '../output/formatBytes.js';
import { formatTable } from '../output/formatTable.js';
import { shortDigest } from './shortDigest.js';

export const lsCommand: Command = {
  name: 'ls',
  usage: 'arca ls <entity/project> | <entity/project/name>',
  summary: "list a project's collections, or a collection's versions with their aliases",
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const target = positionals[0]!;
    const parts = target.split('/');
    const client = ctx.client();
    if (parts.length === 2) {
      const collections = await client.listCollections(parts[0]!, parts[1]!);
      const rows = collections.map((c) => [
        c.collection.split('/')[2]!,
        c.type,
        String(c.versionCount),
        c.latest?.version ?? '-',
        Object.entries(c.aliases)
          .map(([a, v]) => `${a}=${v}`)
          .join(' '),
      ]);
      return { json: { collections }, text: rows.length ? formatTable(['NAME', 'TYPE', 'VERSIONS', 'LATEST', 'ALIASES'], rows) : 'no collections' };
    }
    if (parts.length !== 3) throw new InvalidNameError('target', target, 'expected entity/project or entity/project/name');
    const versions = await client.listVersions(target);
    const rows = versions.map((v) => [
      v.version,
      shortDigest(v.digest),
      formatBytes(v.size),
      String(v.fileCount),
      v.createdAt.replace('T', ' ').slice(0, 19),
      v.source ? `${v.source.collection}:${v.source.version}` : '',
      v.aliases.join(', '),
    ]);
    return { json: { versions }, text: formatTable(['VERSION', 'DIGEST', 'SIZE', 'FILES', 'CREATED', 'SOURCE', 'ALIASES'], rows) };
  },
};
