import type { Command } from '../Command.js';
import { formatBytes } from '../output/formatBytes.js';
import { ProgressBar } from '../output/ProgressBar.js';
import { shortDigest } from './shortDigest.js';

const WORDS = {
  created: 'created',
  'already-synced': 'already synced as',
  'same-content': 'already existed as',
  aliases: 'aliases moved on',
  pending: 'would sync',
} as const;

export const syncCommand: Command = {
  name: 'sync',
  usage: 'arca sync [--dry-run] [--reason R]',
  summary: 'push what `arca log --offline` stored to the server: missing objects, then the versions in their offline order',
  options: {
    'dry-run': { type: 'boolean' },
    reason: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const store = ctx.offlineStore();
    const dryRun = values['dry-run'] === true;
    const bar = ctx.stdout.isTTY && !ctx.json && !dryRun ? new ProgressBar(ctx.stderr) : undefined;
    const r = await ctx.client().sync(store, {
      dryRun,
      ...(values.reason !== undefined ? { reason: values.reason as string } : {}),
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
    });
    bar?.done();
    const lines = r.versions.map((v) => {
      const offline = `${v.collection}:${v.offlineVersion}`;
      if (v.version === null) return `${WORDS[v.outcome]} ${offline} ${shortDigest(v.offlineDigest)}`;
      const renamed = v.version !== v.offlineVersion ? ` (offline ${v.offlineVersion})` : '';
      return `${WORDS[v.outcome]} ${v.collection}:${v.version}${renamed} ${shortDigest(v.digest!)}`;
    });
    const objects = dryRun
      ? `${r.objectsMissing} objects (${formatBytes(r.bytesMissing)}) to upload`
      : `uploaded ${r.objectsUploaded} objects (${formatBytes(r.bytesUploaded)})`;
    const head = r.versions.length === 0 ? `nothing to sync from ${store.dir}` : `${dryRun ? 'dry run: ' : ''}${objects}`;
    const tail = r.alreadySynced > 0 ? [`${r.alreadySynced} versions synced by an earlier run`] : [];
    return { json: { ...r, dir: store.dir }, text: [head, ...lines, ...tail].join('\n') };
  },
};
