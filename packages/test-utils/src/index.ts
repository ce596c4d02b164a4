export { useTempDir } from './useTempDir.js';
export { useServer, type TestServer } from './useServer.js';
export { runCli, type CliResult } from './runCli.js';
export { ARCA_BIN } from './ARCA_BIN.js';
export { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';
export { seedTeams, TEST_TEAMS } from './seedTeams.js';
export { spawnCli, type RunningCli } from './spawnCli.js';
export { useServerProcess, type ServerProcess } from './useServerProcess.js';
export { useReceiver, type Receiver, type ReceivedRequest } from './useReceiver.js';
