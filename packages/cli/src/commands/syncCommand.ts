import { formatCollectionName, InvalidArgumentError, parseRef } from '@arca/store/pure';
import type { SyncedVersion } from '@arca/client';
import type { Command } from '../Command.js';
import { count } from '../output/count.js';
import { formatBytes } from '../output/formatBytes.js';
import { clearBarOnSignal } from '../output/clearBarOnSignal.js';
import { ProgressBar } from '../output/ProgressBar.js';
import { UsageError } from '../UsageError.js';
import { shortDigest } from './shortDigest.js';

const USAGE = 'arca sync [--dry-run] [--reason R] [--drop entity/project/name:vN]...';

function describe(v: SyncedVersion): string {
  const offline = `${v.collection}:${v.offlineVersion}`;
  switch (v.outcome) {
    case 'failed':
      return `refused ${offline} ${shortDigest(v.offlineDigest)}: ${v.error!.message}`;
    case 'blocked':
      return `waiting ${offline} ${shortDigest(v.offlineDigest)} (an earlier version of ${v.collection} was refused)`;
    case 'dropped':
      return `dropped ${offline} ${shortDigest(v.offlineDigest)}`;
    case 'pending':
      return `would sync ${offline} ${shortDigest(v.offlineDigest)}`;
    default: {
      const words = { created: 'created', 'already-synced': 'already synced as', 'same-content': 'already existed as', aliases: 'aliases moved on' }[v.outcome];
      const renamed = v.version !== v.offlineVersion ? ` (offline ${v.offlineVersion})` : '';
      const left = v.aliasesLeft ? `; left ${v.aliasesLeft.join(', ')} where ${v.aliasesLeft.length === 1 ? 'it was' : 'they were'}: moved on the server since this change was first sent` : '';
      return `${words} ${v.collection}:${v.version}${renamed} ${shortDigest(v.digest!)}${left}`;
    }
  }
}

/** `e/p/n:vN`, the offline numbering `arca ls --offline` shows. */
function parseDrop(ref: string): { collection: string; number: number } {
  const r = parseRef(ref);
  if (r.selector.kind !== 'number') throw new InvalidArgumentError('drop', `${ref}: name an offline version by number, as in e/p/name:v0`);
  return { collection: formatCollectionName(r), number: r.selector.number };
}

export const syncCommand: Command = {
  name: 'sync',
  usage: USAGE,
  summary: 'push what `arca log --offline` stored to the server: missing objects, then the versions in their offline order',
  options: {
    'dry-run': { type: 'boolean' },
    reason: { type: 'string' },
    drop: { type: 'string', multiple: true },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const store = ctx.offlineStore();
    const dryRun = values['dry-run'] === true;
    const drop = ((values.drop as string[] | undefined) ?? []).map(parseDrop);
    if (dryRun && drop.length > 0) throw new UsageError('--drop changes the offline store; it cannot be part of a --dry-run', USAGE);
    const bar = ctx.stdout.isTTY && !ctx.json && !dryRun ? new ProgressBar(ctx.stderr) : undefined;
    // Cleared on failure and on Ctrl-C too: an error message or the shell's prompt must not follow a half-drawn bar.
    const stopClearing = clearBarOnSignal(bar);
    let r;
    try {
      r = await ctx.client().sync(store, {
        dryRun,
        ...(drop.length > 0 ? { drop } : {}),
        ...(values.reason !== undefined ? { reason: values.reason as string } : {}),
        ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      });
    } finally {
      stopClearing();
      bar?.done();
    }
    const objects = dryRun
      ? `${count(r.objectsMissing, 'object')} (${formatBytes(r.bytesMissing)}) to upload`
      : `uploaded ${count(r.objectsUploaded, 'object')} (${formatBytes(r.bytesUploaded)})`;
    const head = r.versions.length === 0 ? `nothing to sync from ${store.dir}` : `${dryRun ? 'dry run: ' : ''}${objects}`;
    const tail = r.alreadySynced > 0 ? [`${count(r.alreadySynced, 'version')} synced by an earlier run`] : [];
    if (r.failed > 0) {
      const first = r.versions.find((v) => v.outcome === 'failed')!;
      tail.push(`${r.failed} refused by the server and kept for later: fix the cause and run \`arca sync\` again, or give up on one with \`arca sync --drop ${first.collection}:${first.offlineVersion}\``);
    }
    return { json: { ...r, dir: store.dir }, text: [head, ...r.versions.map(describe), ...tail].join('\n'), exitCode: r.failed > 0 ? 1 : 0 };
  },
};
