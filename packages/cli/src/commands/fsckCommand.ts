import { resolve } from 'node:path';
import { fsck, Store } from '@arca/store';
import type { Command } from '../Command.js';
import { formatBytes } from '../output/formatBytes.js';

export const fsckCommand: Command = {
  name: 'fsck',
  usage: 'arca fsck [--data DIR]',
  summary: 're-hash every object and resolve every ref of a data directory; exit 1 on damage',
  options: { data: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const dataDir = resolve(ctx.cwd, (values.data as string | undefined) ?? ctx.env.ARCA_DATA ?? 'arca-data');
    const store = Store.open(dataDir);
    try {
      const report = await fsck(store);
      const lines = [
        `${report.objects} objects (${formatBytes(report.bytes)}), ${report.versions} versions, ${report.aliases} aliases checked`,
        ...report.corrupt.map((c) => `corrupt  ${c.digest}  ${c.reason}`),
        ...report.missing.map((m) => `missing  ${m.digest}  needed by ${m.neededBy}`),
        ...report.brokenRefs.map((b) => `broken   ${b.ref}  ${b.reason}`),
        report.ok ? 'ok' : 'DAMAGED',
      ];
      return { json: report, text: lines.join('\n'), exitCode: report.ok ? 0 : 1 };
    } finally {
      await store.close();
    }
  },
};
