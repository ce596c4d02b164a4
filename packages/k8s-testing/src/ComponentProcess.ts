import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * One control-plane binary running as a child process, its output in a log
 * file. If the test process exits without stopping it (a crashed worker), the
 * exit hook kills it so no apiserver outlives the run.
 */
export class ComponentProcess {
  readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    bin: string,
    args: string[],
    readonly logPath: string,
  ) {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const c of live) c.kill('SIGKILL');
      });
    }
    const fd = openSync(logPath, 'a');
    try {
      this.child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    live.add(this.child);
    this.exited = new Promise((done) => {
      this.child.once('exit', () => {
        live.delete(this.child);
        done();
      });
      this.child.once('error', () => {
        live.delete(this.child);
        done();
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && live.has(this.child);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last `lines` lines of the log, for failure messages. */
  tail(lines = 25): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
