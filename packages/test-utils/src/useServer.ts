import { startServer } from '@arca/server';
import { afterEach } from 'vitest';
import { seedTeams } from './seedTeams.js';
import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';

export interface TestServer {
  url: string;
  dataDir: string;
  /** The site admin's key (TEST_ADMIN_KEY). */
  adminKey: string;
  close(): Promise<void>;
}

/**
 * Registers cleanup and returns a starter of real Arca servers on a loopback
 * port, each on its own data dir, with TEST_ADMIN_KEY as the site admin's key
 * and the teams TEST_TEAMS;
 * all are closed after each test.
 */
export function useServer(): (dataDir: string) => Promise<TestServer> {
  const running: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  return async (dataDir) => {
    const s = await startServer({ dataDir, host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY });
    await seedTeams(s.url);
    let closed = false;
    const server: TestServer = {
      url: s.url,
      dataDir,
      adminKey: TEST_ADMIN_KEY,
      async close() {
        if (closed) return;
        closed = true;
        await s.close();
      },
    };
    running.push(server);
    return server;
  };
}
