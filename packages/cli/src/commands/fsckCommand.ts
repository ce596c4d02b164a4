import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { count } from '../output/count.js';
import { formatBytes } from '../output/formatBytes.js';

export const fsckCommand: Command = {
  name: 'fsck',
  usage: 'arca fsck [--data DIR] [--repair]',
  summary: 're-hash every object and resolve every ref of a data directory; exit 1 on damage; --repair moves damaged objects aside so they can be uploaded again',
  options: { data: { type: 'string' }, repair: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const dataDir = resolve(ctx.cwd, (values.data as string | undefined) ?? ctx.env.ARCA_DATA ?? 'arca-data');
    // Loaded here, not at start-up: the whole store (better-sqlite3 and ~130 modules) is for the commands that open a data directory.
    const { fsck, Store } = await import('@arca/store');
    const store = Store.openExisting(dataDir);
    try {
      const report = await fsck(store, { repair: values.repair === true });
      const lines = [
        `${count(report.objects, 'object')} (${formatBytes(report.bytes)}), ${count(report.versions, 'version')}, ${count(report.aliases, 'alias', 'aliases')} checked`,
        ...report.corrupt.map((c) => `corrupt  ${c.digest}  ${c.reason}${c.neededBy === undefined ? '' : `  needed by ${c.neededBy}`}`),
        ...report.quarantined.map((d) => `quarantined  ${d}  (now missing: log or sync its content again to restore it)`),
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
