import { spawnCli } from './spawnCli.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `arca ...args` as a child process, the way a user does, and collects
 * its output. `json()` parses stdout of a `--json` run. Killed after `timeoutMs`.
 */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<CliResult & { json<T = unknown>(): T }> {
  const { child, result } = spawnCli(args, options);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  try {
    return await result;
  } finally {
    clearTimeout(timer);
  }
}
