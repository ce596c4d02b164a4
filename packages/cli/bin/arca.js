#!/usr/bin/env node
import { statSync } from 'node:fs';
// Every object write is fsynced on libuv's thread pool; the default of 4 threads
// serializes uploads. This must be set before the pool is first used.
process.env.UV_THREADPOOL_SIZE ??= '16';

/**
 * The bundle (scripts/bundle-cli.mjs, decision 023) starts ~0.2 s sooner than the
 * ~250 modules it holds. It is used only while none of the packages in it was built
 * after it, so a `tsc -b` without the bundling step never runs stale code.
 */
function bundleIsFresh() {
  const mtime = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
  const bundle = mtime('../dist/bundle/main.js');
  if (bundle === undefined) return false;
  return ['cli', 'client', 'store', 'server', 'operator'].every((p) => (mtime(`../../${p}/tsconfig.tsbuildinfo`) ?? 0) <= bundle);
}

// `arca show --json | head`: the reader went away, which is how pipes end. Stop quietly,
// as a process killed by SIGPIPE would, instead of an unhandled 'error' and its stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

let main;
try {
  ({ main } = await import(bundleIsFresh() ? '../dist/bundle/main.js' : '../dist/main.js'));
} catch (err) {
  // Settings read while the modules load (ARCA_BLAKE3) fail as typed errors: report
  // them as every other command error, not as a stack trace.
  if (typeof err?.code !== 'string' || err.data === undefined) throw err;
  const json = process.argv.includes('--json');
  process.stderr.write(json ? `${JSON.stringify({ error: { code: err.code, message: err.message, data: err.data } })}\n` : `arca: ${err.message}\n`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
