#!/usr/bin/env node
// Every object write is fsynced on libuv's thread pool; the default of 4 threads
// serializes uploads. This must be set before the pool is first used.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
