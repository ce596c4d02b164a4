import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';

// The site admin's key of the test server (as ARCA_ADMIN_KEY would set it); every client sends it.
import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';
import { printServerError } from './printServerError.js';
import { seedTestTeams } from './seedTestTeams.js';

type StartServer = (opts: { dataDir: string; host: string; port: number; adminKey: string; logError: (err: unknown) => void }) => Promise<{ url: string; close(): Promise<void> }>;

/**
 * Per test: a real server on loopback over a temp data dir, a work dir, and
 * clients with caches of their own (so no test is helped by another's cache).
 * The test passes the server package's startServer: only tests may import it
 * (the client's sources may not, test/boundaries.test.ts).
 */
export function useClientServer(startServer: StartServer) {
  const state = { url: '', dataDir: '', work: '' };
  let server: { url: string; close(): Promise<void> } | undefined;
  let caches = 0;
  beforeEach(async () => {
    state.work = mkdtempSync(join(tmpdir(), 'arca-client-'));
    state.dataDir = join(state.work, 'server');
    server = await startServer({ dataDir: state.dataDir, host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY, logError: printServerError });
    state.url = server.url;
    await seedTestTeams(server.url);
  });
  afterEach(async () => {
    await server?.close();
    rmSync(state.work, { recursive: true, force: true });
  });
  return {
    state,
    /**
     * A client with a fresh cache. It downloads and uploads over HTTP unless `localReads`
     * or `localWrites` is set: the server's files and staging folder have tests of their own.
     */
    client(opts: { fetch?: typeof fetch; localReads?: boolean; localWrites?: boolean } = {}): ArcaClient {
      return new ArcaClient({
        url: state.url,
        apiKey: TEST_ADMIN_KEY,
        cacheDir: join(state.work, `cache${caches++}`),
        localReads: opts.localReads ?? false,
        localWrites: opts.localWrites ?? false,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
    },
    write(dir: string, files: Record<string, Buffer | string>): string {
      const root = join(state.work, dir);
      for (const [p, content] of Object.entries(files)) {
        mkdirSync(join(root, p, '..'), { recursive: true });
        writeFileSync(join(root, p), content);
      }
      return root;
    },
  };
}
