import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ArcaClient } from '@arca/client';
import { hashBytes, type VersionInfo } from '@arca/store/pure';
import { main } from '../main.js';
import { formatBytes } from '../output/formatBytes.js';
import { generateImageDataset, writeCheckpoint } from './generateDemoData.js';

const BIN = fileURLToPath(new URL('../../bin/arca.js', import.meta.url));

async function startServerProcess(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  // Without ARCA_ADMIN_KEY, so that the first start writes DATA/admin.key, as on a fresh machine.
  const { ARCA_ADMIN_KEY: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, 'server', '--data', dataDir, '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export interface DemoSummary {
  /** What the registry's `production` alias resolves to at the end. */
  production: VersionInfo;
  /** The checkpoint the demo marked `best`. */
  best: VersionInfo;
  /** Sizes of every version logged, added up. */
  bytesLogged: number;
  /** What the server holds on disk (deduplicated). */
  bytesStored: number;
}

export interface DemoOptions {
  /** Where the narration and the commands' output go; default process.stdout. */
  stdout?: { write(s: string): boolean };
}

/**
 * The README's first command: the W&B model-registry workflow on the embedded
 * default, through the real `arca` commands, against a real `arca server`.
 */
export async function runDemo(workDir = resolve('.arca-demo'), options: DemoOptions = {}): Promise<DemoSummary> {
  const stdout = options.stdout ?? process.stdout;
  const say = (s: string) => stdout.write(s + '\n');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const dataDir = join(workDir, 'server-data');
  const server = await startServerProcess(dataDir);
  // The key comes from `arca login` (stored under the demo's own config dir), not from the caller's ARCA_API_KEY.
  const env = { ...process.env, ARCA_URL: server.url, ARCA_API_KEY: '', ARCA_CONFIG_DIR: join(workDir, 'config'), ARCA_CACHE_DIR: join(workDir, 'client-cache') };
  const arca = async (...argv: string[]) => {
    const stdinFile = argv[0] === '<' ? argv.splice(0, 2)[1] : undefined;
    stdout.write(`\n$ arca ${argv.map((a) => (/[\s:]/.test(a) ? JSON.stringify(a) : a)).join(' ')}${stdinFile ? ` < ${stdinFile}` : ''}\n`);
    const stdin = stdinFile ? createReadStream(stdinFile) : (async function* () {})();
    const code = await main(argv, { env, cwd: workDir, stdout, stderr: process.stderr, stdin });
    if (code !== 0) throw new Error(`arca ${argv[0]} exited with ${code}`);
  };
  try {
    say(`Arca demo: server ${server.url}, data in ${dataDir}`);

    say('\n# 0. Log in with the admin key the server wrote on its first start, and create the team "demo"');
    const adminKeyFile = join(dataDir, 'admin.key');
    await arca('<', adminKeyFile, 'login');
    await arca('whoami');
    await arca('team', 'create', 'demo');

    const datasetDir = join(workDir, 'nature_100');
    const files = generateImageDataset(datasetDir, 30);
    say(`\n# 1. Log a dataset: ${files} files (PNG images in 10 class folders + index.csv)`);
    await arca('log', 'demo/nature/Nature_100', datasetDir, '--type', 'raw_images', '--description', 'nature image dataset with 10 classes, 30 images per class');

    say('\n# 2. Log three checkpoints of a 16 MiB model; only the 512 KiB classifier head changes per epoch');
    const ckpt = join(workDir, 'checkpoint');
    mkdirSync(ckpt, { recursive: true });
    const accuracies = [0.81, 0.87, 0.85];
    let best = 0;
    for (const [epoch, acc] of accuracies.entries()) {
      writeCheckpoint(join(ckpt, 'model.bin'), 16 * 1024 * 1024, 512 * 1024, epoch);
      const isBest = acc > best;
      best = Math.max(best, acc);
      await arca(
        'log', 'demo/nature/nature-classifier', join(ckpt, 'model.bin'), '--type', 'model',
        '--metadata', `epoch=${epoch}`, '--metadata', `val_acc=${acc}`, '--metadata', 'format=bin',
        ...(isBest ? ['--alias', 'best'] : []),
      );
    }
    await arca('ls', 'demo/nature/nature-classifier');
    await arca('diff', 'demo/nature/nature-classifier:v0', 'demo/nature/nature-classifier:v1');

    say('\n# 3. Link the best checkpoint into the model registry as staging, then promote it');
    await arca('link', 'demo/nature/nature-classifier:best', 'demo/model-registry/Nature Classifier', '--alias', 'staging');
    await arca('alias', 'set', 'demo/model-registry/Nature Classifier:staging', 'production', '--reason', 'val_acc 0.87, reviewed');
    await arca('alias', 'log', 'demo/model-registry/Nature Classifier');

    say('\n# 4. Pull production into a fresh folder and verify it');
    const pulled = join(workDir, 'serving');
    await arca('pull', 'demo/model-registry/Nature Classifier:production', pulled);
    writeCheckpoint(join(ckpt, 'expected.bin'), 16 * 1024 * 1024, 512 * 1024, 1);
    const same = hashBytes(readFileSync(join(pulled, 'model.bin'))) === hashBytes(readFileSync(join(ckpt, 'expected.bin')));
    if (!same) throw new Error('pulled model differs from the epoch-1 checkpoint');
    say('pulled model.bin is byte-identical to the best (epoch 1) checkpoint');
    await arca('fsck', '--data', dataDir);

    const client = new ArcaClient({ url: server.url, apiKey: readFileSync(adminKeyFile, 'utf8').trim(), cacheDir: env.ARCA_CACHE_DIR });
    const prod = await client.resolve('demo/model-registry/Nature Classifier:production');
    const dataset = await client.resolve('demo/nature/Nature_100:latest');
    const checkpoints = await client.listVersions('demo/nature/nature-classifier');
    const logged = dataset.size + checkpoints.reduce((n, v) => n + v.size, 0);
    const stats = await client.stats();
    const bestCheckpoint = await client.resolve('demo/nature/nature-classifier:best');
    say('\n# Summary');
    say(`dataset     ${dataset.collection}:${dataset.version}  ${dataset.digest}  ${dataset.fileCount} files, ${formatBytes(dataset.size)}`);
    for (const v of checkpoints) {
      say(`checkpoint  ${v.collection}:${v.version}  ${v.digest}  val_acc ${String(v.metadata.val_acc)}  [${v.aliases.join(', ')}]`);
    }
    say(`registry    ${prod.collection}:${prod.version} -> ${prod.source?.collection}:${prod.source?.version}  [${prod.aliases.join(', ')}]`);
    say(`bytes logged ${formatBytes(logged)}, stored ${formatBytes(stats.bytes)} in ${stats.objects} objects (${(stats.bytes / logged).toFixed(2)}x)`);
    return { production: prod, best: bestCheckpoint, bytesLogged: logged, bytesStored: stats.bytes };
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  runDemo().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
