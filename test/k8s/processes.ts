import type { ChildProcess } from 'node:child_process';
import { spawnCli, TEST_ADMIN_KEY } from '../../packages/test-utils/dist/index.js';

export interface Proc {
  child: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function wrap(args: string[], env: Record<string, string> = {}): Proc {
  const { child, result } = spawnCli(args, { env });
  let out = '';
  child.stdout!.on('data', (d: string) => (out += d));
  child.stderr!.on('data', (d: string) => (out += d));
  return {
    child,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await result;
    },
  };
}

/**
 * `arca server` on a fixed port, so a test can stop it and start it again at
 * the same URL (the RegisteredModel names that URL). Resolves once it listens.
 */
export async function startArcaServer(dataDir: string, port: number): Promise<Proc & { url: string }> {
  const p = wrap(['server', '--data', dataDir, '--port', String(port), '--json'], { ARCA_ADMIN_KEY: TEST_ADMIN_KEY });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    p.child.stdout!.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(buf.slice(0, nl)) as { url: string }).url);
    });
    p.child.once('exit', (code) => reject(new Error(`arca server exited (${code}) before listening: ${p.output()}`)));
  });
  return { ...p, url };
}

/** `arca operator --json ...args` against a kubeconfig. */
export function startOperator(kubeconfig: string, args: string[]): Proc {
  return wrap(['operator', '--kubeconfig', kubeconfig, '--json', ...args]);
}
