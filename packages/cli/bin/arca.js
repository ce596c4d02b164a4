#!/usr/bin/env node
// Every object write is fsynced on libuv's thread pool; the default of 4 threads
// serializes uploads. This must be set before the pool is first used.
process.env.UV_THREADPOOL_SIZE ??= '16';
let main;
try {
  ({ main } = await import('../dist/main.js'));
} catch (err) {
  // Settings read while the modules load (ARCA_BLAKE3) fail as typed errors: report
  // them as every other command error, not as a stack trace.
  if (typeof err?.code !== 'string' || err.data === undefined) throw err;
  const json = process.argv.includes('--json');
  process.stderr.write(json ? `${JSON.stringify({ error: { code: err.code, message: err.message, data: err.data } })}\n` : `arca: ${err.message}\n`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
