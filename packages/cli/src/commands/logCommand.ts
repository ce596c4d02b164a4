import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { count } from '../output/count.js';
import { formatBytes } from '../output/formatBytes.js';
import { clearBarOnSignal } from '../output/clearBarOnSignal.js';
import { ProgressBar } from '../output/ProgressBar.js';
import { UsageError } from '../UsageError.js';
import { logFromDraft } from './logFromDraft.js';
import { parseMetadata } from './parseMetadata.js';
import { runPathArg } from './runPathArg.js';
import { parseReferenceSpec } from './parseReferenceSpec.js';
import { parseTtl } from './parseTtl.js';
import { shortDigest } from './shortDigest.js';

function notAppliedLine(fields: string[], version: string): string {
  return `  not applied: the ${fields.join(' and ')} given; ${version} keeps the ones it was logged with`;
}

export const logCommand: Command = {
  name: 'log',
  usage: [
    'arca log <entity/project/name> <path>... --type T [--reference URI[;size=N][;checksum=sha256:H|b3:H][;etag=E][;path=P]]... [--alias A]... [--description D] [--metadata k=v]... [--metadata-file F] [--reason R] [--run RUN] [--ttl 30d|never] [--offline]',
    '       arca log <entity/project/name> --from <ref> [--add SRC[=DEST]]... [--reference SPEC]... [--remove DEST]... [--alias A]... [--metadata k=v]... [--description D] [--reason R] [--run RUN] [--ttl 30d|never]',
  ].join('\n'),
  summary: 'log files or folders as a new version of an artifact, or (--from) a changed copy of an existing version',
  options: {
    type: { type: 'string' },
    alias: { type: 'string', multiple: true },
    description: { type: 'string' },
    metadata: { type: 'string', multiple: true },
    'metadata-file': { type: 'string' },
    reason: { type: 'string' },
    from: { type: 'string' },
    add: { type: 'string', multiple: true },
    remove: { type: 'string', multiple: true },
    run: { type: 'string' },
    offline: { type: 'boolean' },
    ttl: { type: 'string' },
    reference: { type: 'string', multiple: true },
  },
  positionals: { min: 1, max: Infinity },
  async run(ctx, { values, positionals }) {
    const [name, ...paths] = positionals as [string, ...string[]];
    const from = values.from as string | undefined;
    const adds = (values.add as string[] | undefined) ?? [];
    const removes = (values.remove as string[] | undefined) ?? [];
    const metadataArgs = (values.metadata as string[] | undefined) ?? [];
    const metadataFile = values['metadata-file'] as string | undefined;
    const metadata = await parseMetadata(metadataArgs, metadataFile, ctx.cwd);
    const aliases = (values.alias as string[] | undefined) ?? [];
    // The run whose output this is: its path, or a bare id in this artifact's project.
    const ttl = values.ttl === undefined ? undefined : (parseTtl(values.ttl as string, this.usage, false) as number | null);
    const run = values.run === undefined ? undefined : runPathArg(values.run as string, this.usage, name);
    const references = ((values.reference as string[] | undefined) ?? []).map(parseReferenceSpec);
    // Progress only for a person watching: stdout on a terminal, not --json.
    const bar = ctx.stdout.isTTY && !ctx.json ? new ProgressBar(ctx.stderr) : undefined;
    const onProgress = bar && ((p: Parameters<ProgressBar['update']>[0]) => bar.update(p));
    // Cleared on failure and on Ctrl-C too: an error message or the shell's prompt must not follow a half-drawn bar.
    const stopClearing = clearBarOnSignal(bar);
    try {
      if (values.offline === true) {
        if (from !== undefined || adds.length > 0 || removes.length > 0) throw new UsageError('--offline logs files and folders; --from needs the server', this.usage);
        if (run !== undefined) throw new UsageError('--offline cannot name a --run: runs live on the server', this.usage);
        if (references.length > 0) throw new UsageError('--offline logs files and folders; log references online', this.usage);
        if (ttl !== undefined) throw new UsageError('--offline cannot set --ttl: retention lives on the server', this.usage);
        if (paths.length === 0) throw new UsageError('name at least one file or folder to log', this.usage);
        if (typeof values.type !== 'string') throw new UsageError('--type is required', this.usage);
        const store = ctx.offlineStore();
        const r = await store.logArtifact({
          name,
          type: values.type,
          paths: paths.map((p) => resolve(ctx.cwd, p)),
          aliases,
          metadata,
          description: (values.description as string | undefined) ?? '',
          ...(onProgress ? { onProgress } : {}),
        });
        bar?.done();
        const v = r.version;
        const text = [
          `${r.created ? 'logged offline' : 'unchanged offline, same content as'} ${v.collection}:${v.version} ${shortDigest(v.digest)} in ${store.dir}`,
          `  ${count(v.fileCount, 'file')}, ${formatBytes(v.size)}; stored ${formatBytes(r.bytesStored)}; \`arca sync\` sends it to the server`,
          `  aliases: ${v.aliases.join(', ')}`,
          ...(r.notApplied ? [notAppliedLine(r.notApplied, v.version)] : []),
        ].join('\n');
        return { json: { ...r, offline: true, dir: store.dir }, text };
      }
      let result;
      if (from !== undefined) {
        if (paths.length > 0) throw new UsageError('with --from, name files with --add SRC[=DEST], not as arguments', this.usage);
        result = await logFromDraft(ctx.client(), {
          collection: name,
          from,
          type: values.type as string | undefined,
          adds,
          removes,
          references,
          aliases,
          metadata: metadataArgs.length > 0 || metadataFile !== undefined ? metadata : undefined,
          description: values.description as string | undefined,
          reason: values.reason as string | undefined,
          ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
          ...(run !== undefined ? { run } : {}),
          cwd: ctx.cwd,
          onProgress,
        });
      } else {
        if (adds.length > 0 || removes.length > 0) throw new UsageError('--add and --remove change a version named by --from', this.usage);
        if (paths.length === 0 && references.length === 0) throw new UsageError('name at least one file, folder or --reference to log', this.usage);
        if (typeof values.type !== 'string') throw new UsageError('--type is required', this.usage);
        result = await ctx.client().logArtifact({
          name,
          type: values.type,
          paths: paths.map((p) => resolve(ctx.cwd, p)),
          references,
          aliases,
          metadata,
          description: (values.description as string | undefined) ?? '',
          reason: (values.reason as string | undefined) ?? '',
          ...(run !== undefined ? { run } : {}),
          ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
          ...(onProgress ? { onProgress } : {}),
        });
      }
      bar?.done();
      const v = result.version;
      const head = result.created ? 'logged' : 'unchanged, same content as';
      const text = [
        `${head} ${v.collection}:${v.version} ${shortDigest(v.digest)}`,
        `  ${count(v.fileCount, 'file')}, ${formatBytes(v.size)}; uploaded ${formatBytes(result.bytesUploaded)} in ${count(result.objectsUploaded, 'object')}${
          result.bytesWrittenLocally > 0 ? ` (${formatBytes(result.bytesWrittenLocally)} through the server's staging folder on this machine)` : ''
        }`,
        `  aliases: ${v.aliases.length > 0 ? v.aliases.join(', ') : '-'}`,
        // W&B moves `latest` to re-logged content; Arca keeps it on the newest number
        // (decision 004), which surprises people who re-log an older checkpoint.
        ...(!result.created && !v.aliases.includes('latest') ? [`  latest not moved: it stays on the newest version (${v.version} is older)`] : []),
        ...(result.notApplied ? [notAppliedLine(result.notApplied, v.version)] : []),
      ].join('\n');
      return { json: result, text };
    } finally {
      stopClearing();
      bar?.done();
    }
  },
};
