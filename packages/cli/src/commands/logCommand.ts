import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { formatBytes } from '../output/formatBytes.js';
import { ProgressBar } from '../output/ProgressBar.js';
import { UsageError } from '../UsageError.js';
import { parseMetadata } from './parseMetadata.js';
import { runPathArg } from './runPathArg.js';
import { shortDigest } from './shortDigest.js';

export const logCommand: Command = {
  name: 'log',
  usage: 'arca log <entity/project/name> <path>... --type T [--alias A]... [--description D] [--metadata k=v]... [--metadata-file F] [--reason R] [--run RUN]',
  summary: 'log files or folders as a new version of an artifact',
  options: {
    type: { type: 'string' },
    alias: { type: 'string', multiple: true },
    description: { type: 'string' },
    metadata: { type: 'string', multiple: true },
    'metadata-file': { type: 'string' },
    reason: { type: 'string' },
    run: { type: 'string' },
  },
  positionals: { min: 2, max: Infinity },
  async run(ctx, { values, positionals }) {
    const [name, ...paths] = positionals as [string, ...string[]];
    if (typeof values.type !== 'string') throw new UsageError('--type is required', this.usage);
    // The run whose output this is: its path, or a bare id in this artifact's project.
    const run = values.run === undefined ? undefined : runPathArg(values.run as string, this.usage, name);
    const metadata = await parseMetadata((values.metadata as string[] | undefined) ?? [], values['metadata-file'] as string | undefined, ctx.cwd);
    // Progress only for a person watching: stdout on a terminal, not --json.
    const bar = ctx.stdout.isTTY && !ctx.json ? new ProgressBar(ctx.stderr) : undefined;
    const result = await ctx.client().logArtifact({
      name,
      type: values.type,
      paths: paths.map((p) => resolve(ctx.cwd, p)),
      aliases: (values.alias as string[] | undefined) ?? [],
      metadata,
      description: (values.description as string | undefined) ?? '',
      reason: (values.reason as string | undefined) ?? '',
      ...(run !== undefined ? { run } : {}),
      onProgress: bar && ((p) => bar.update(p)),
    });
    bar?.done();
    const v = result.version;
    const head = result.created ? 'logged' : 'unchanged, same content as';
    const text = [
      `${head} ${v.collection}:${v.version} ${shortDigest(v.digest)}`,
      `  ${v.fileCount} files, ${formatBytes(v.size)}; uploaded ${formatBytes(result.bytesUploaded)} in ${result.objectsUploaded} objects`,
      `  aliases: ${v.aliases.join(', ')}`,
    ].join('\n');
    return { json: result, text };
  },
};
