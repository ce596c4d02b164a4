import { afterEach } from 'vitest';
import { spawnCli, type RunningCli } from './spawnCli.js';
import { seedTeams } from './seedTeams.js';
import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** The site admin's key (TEST_ADMIN_KEY, given as ARCA_ADMIN_KEY). */
  adminKey: string;
  pid: number;
  /** Sends `signal` (default SIGKILL) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Registers cleanup and returns a starter of real `arca server` child processes
 * (port 0, `--json`, plus `extra.args`; the URL is read from the first line of stdout). Tests that
 * must kill a server mid-request use this; the rest use `useServer`. Every
 * process still running is SIGKILLed after each test.
 */
export function useServerProcess(): (dataDir: string, extra?: { args?: string[]; env?: Record<string, string> }) => Promise<ServerProcess> {
  const running: RunningCli[] = [];
  afterEach(async () => {
    await Promise.all(
      running.splice(0).map(async ({ child, result }) => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await result;
      }),
    );
  });
  return async (dataDir, extra = {}) => {
    const proc = spawnCli(['server', '--data', dataDir, '--port', '0', '--json', ...(extra.args ?? [])], { env: { ARCA_ADMIN_KEY: TEST_ADMIN_KEY, ...extra.env } });
    running.push(proc);
    const first = await Promise.race([
      new Promise<string>((done) => {
        let buf = '';
        const onData = (d: string) => {
          buf += d;
          const nl = buf.indexOf('\n');
          if (nl >= 0) {
            proc.child.stdout!.off('data', onData);
            done(buf.slice(0, nl));
          }
        };
        proc.child.stdout!.on('data', onData);
      }),
      proc.result.then((r): never => {
        throw new Error(`arca server exited (${r.code ?? r.signal}) before listening: ${r.stderr}`);
      }),
    ]);
    const { url } = JSON.parse(first) as { url: string };
    await seedTeams(url);
    return {
      url,
      dataDir,
      adminKey: TEST_ADMIN_KEY,
      pid: proc.child.pid!,
      async kill(signal: NodeJS.Signals = 'SIGKILL') {
        if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
        await proc.result;
      },
    };
  };
}
