import { spawn, type ChildProcess } from 'node:child_process';
import { ARCA_BIN } from './ARCA_BIN.js';
import type { CliResult } from './runCli.js';
import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is closed. */
  result: Promise<CliResult & { json<T = unknown>(): T }>;
}

/**
 * Starts `arca ...args` as a child process without waiting for it, so a test
 * can act while it runs (kill it mid-transfer). `result` collects its output.
 * It authenticates with TEST_ADMIN_KEY unless `env` sets ARCA_API_KEY; `input`
 * is written to its stdin (which is otherwise closed).
 */
export function spawnCli(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): RunningCli {
  const child = spawn(process.execPath, [ARCA_BIN, ...args], {
    cwd: options.cwd,
    // The test admin's key unless the test sets ARCA_API_KEY ("" for none).
    env: { ...process.env, ARCA_API_KEY: TEST_ADMIN_KEY, ...options.env },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const result = new Promise<CliResult & { json<T = unknown>(): T }>((done) =>
    child.on('close', (code, signal) =>
      done({
        code,
        signal,
        stdout,
        stderr,
        json<T>() {
          return JSON.parse(stdout) as T;
        },
      }),
    ),
  );
  return { child, result };
}
