import { spawn, type ChildProcess } from 'node:child_process';
import { ARCA_BIN } from './ARCA_BIN.js';
import type { CliResult } from './runCli.js';

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is closed. */
  result: Promise<CliResult & { json<T = unknown>(): T }>;
}

/**
 * Starts `arca ...args` as a child process without waiting for it, so a test
 * can act while it runs (kill it mid-transfer). `result` collects its output.
 */
export function spawnCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): RunningCli {
  const child = spawn(process.execPath, [ARCA_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
