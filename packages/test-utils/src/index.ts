export { useTempDir } from './useTempDir.js';
export { useServer, type TestServer } from './useServer.js';
export { runCli, ARCA_BIN, type CliResult } from './runCli.js';
export { spawnCli, type RunningCli } from './spawnCli.js';
export { useServerProcess, type ServerProcess } from './useServerProcess.js';
