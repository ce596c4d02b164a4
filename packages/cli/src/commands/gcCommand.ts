import { resolve } from 'node:path';
import type { GcReport } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { count } from '../output/count.js';
import { formatBytes } from '../output/formatBytes.js';
import { UsageError } from '../UsageError.js';
import { parseDuration } from './parseDuration.js';

const USAGE = 'arca gc [--dry-run] [--grace 24h] [--data DIR]';

function describe(r: GcReport): string {
  const verb = r.dryRun ? 'would remove' : 'removed';
  return [
    `retention: ${r.dryRun ? 'would delete' : 'deleted'} ${r.expiredVersions} expired versions; ${r.exemptVersions} expired but in use (linked or protected)`,
    `${r.storedObjects} stored objects (${formatBytes(r.storedBytes)}), ${r.liveObjects} needed by refs`,
    `${verb} ${count(r.removedObjects, 'object')} (${formatBytes(r.removedBytes)}) unreferenced for longer than ${r.gracePeriodSeconds}s`,
    `kept ${r.youngObjects} unreferenced objects younger than that`,
    ...(r.dryRun ? [] : [`packs: ${r.removedPacks} deleted, ${r.repackedPacks} rewritten (${formatBytes(r.repackedBytes)} freed); ${r.removedTempFiles} stale temp files removed`]),
  ].join('\n');
}

/**
 * Garbage collection: through the server (ARCA_URL) by default, or directly on
 * a data directory with --data (the server may keep running: both take the
 * store's collection lock and the ref database's write lock).
 */
export const gcCommand: Command = {
  name: 'gc',
  usage: USAGE,
  summary: 'remove stored objects no version needs (older than the grace period, default 24h)',
  options: { 'dry-run': { type: 'boolean' }, grace: { type: 'string' }, data: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const dryRun = values['dry-run'] === true;
    let gracePeriodSeconds: number | undefined;
    if (values.grace !== undefined) {
      gracePeriodSeconds = parseDuration(values.grace as string);
      if (gracePeriodSeconds === undefined) throw new UsageError(`--grace ${values.grace}: expected a duration such as 90m, 24h or 7d`, USAGE);
    }
    let report: GcReport;
    if (values.data !== undefined) {
      // Loaded only here (see fsckCommand).
      const { collectGarbage, Store } = await import('@arca/store');
      const store = Store.openExisting(resolve(ctx.cwd, values.data as string));
      try {
        report = await collectGarbage(store, { dryRun, gracePeriodSeconds });
      } finally {
        await store.close();
      }
    } else {
      report = await ctx.client().collectGarbage({ dryRun, gracePeriodSeconds });
    }
    return { json: report, text: describe(report) };
  },
};
