import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultDownloadDir } from '@arca/client';
import { InvalidArgumentError } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { interruptSignal } from '../interruptSignal.js';
import { count } from '../output/count.js';
import { formatBytes } from '../output/formatBytes.js';
import { ProgressBar } from '../output/ProgressBar.js';
import { runPathArg } from './runPathArg.js';
import { shortDigest } from './shortDigest.js';

export const pullCommand: Command = {
  name: 'pull',
  usage: 'arca pull <ref> [DIR] [--path PREFIX]... [--force] [--ca-file PEM] [--run RUN]',
  summary: 'download a version (or only the files under --path prefixes) into a folder, verifying every file (default DIR: artifacts/<name>-<vN>)',
  options: {
    run: { type: 'string' },
    path: { type: 'string', multiple: true },
    'ca-file': { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [ref, dirArg] = positionals as [string, string | undefined];
    // Read before anything is asked of the server: a bad option fails first.
    const caFile = values['ca-file'] as string | undefined;
    let referenceCa: Buffer | undefined;
    if (caFile !== undefined) {
      try {
        referenceCa = await readFile(resolve(ctx.cwd, caFile));
      } catch (err) {
        throw new InvalidArgumentError('ca-file', `${caFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    }
    const client = ctx.client();
    // Resolve first so the default folder and the download name the same version
    // even if an alias moves meanwhile.
    // With --run the resolution is the run's recorded input (W&B's use_artifact).
    const run = values.run === undefined ? undefined : runPathArg(values.run as string, this.usage, ref);
    const version = run === undefined ? await client.resolve(ref) : (await client.runs.recordInput(run, ref)).version;
    const pinned = `${version.collection}@${version.digest}`;
    const dir = dirArg === undefined ? defaultDownloadDir(version, ctx.cwd) : resolve(ctx.cwd, dirArg);
    // Progress only for a person watching: stdout on a terminal, not --json.
    const bar = ctx.stdout.isTTY && !ctx.json ? new ProgressBar(ctx.stderr) : undefined;
    const paths = values.path as string[] | undefined;
    const interrupt = interruptSignal();
    let result;
    try {
      result = await client.download(pinned, dir, {
        onProgress: bar && ((p) => bar.update(p)),
        ...(paths ? { paths } : {}),
        ...(referenceCa ? { referenceCa } : {}),
        overwrite: values.force === true,
        signal: interrupt.signal,
      });
    } finally {
      interrupt.dispose();
      bar?.done();
    }
    // What was verified is what was written: references listed as not fetched count in neither number.
    const notFetched = new Set(result.skipped.map((s) => s.path));
    const verified = result.files.filter((f) => !notFetched.has(f.path));
    const text = [
      `pulled ${version.collection}:${version.version} ${shortDigest(version.digest)} into ${dir}`,
      `  ${count(verified.length, 'file')} verified, ${formatBytes(verified.reduce((n, f) => n + f.size, 0))}; ${formatBytes(result.bytesDownloaded)} downloaded, ${result.bytesReadLocally > 0 ? `${formatBytes(result.bytesReadLocally)} read from the server's files on this machine, ` : ''}${formatBytes(result.bytesFromCache)} from cache${result.bytesInPlace > 0 ? `, ${formatBytes(result.bytesInPlace)} already in place` : ''}`,
      ...(result.bytesFromReferences > 0 ? [`  ${formatBytes(result.bytesFromReferences)} fetched from references and checked`] : []),
      ...result.skipped.map((s) => `  not fetched: ${s.path} <- ${s.uri} (${s.reason})`),
    ].join('\n');
    return { json: { ...result, dir }, text };
  },
};
