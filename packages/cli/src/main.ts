import { parseArgs } from 'node:util';
import { ArcaError } from '@arca/store/pure';
import type { Command } from './Command.js';
import { allCommands } from './commands/allCommands.js';
import { createContext, type CommandContext } from './CommandContext.js';
import { UsageError } from './UsageError.js';

const VERSION = '0.1.0';

function helpText(): string {
  const width = Math.max(...allCommands.map((c) => c.name.length));
  return [
    'usage: arca <command> [options] [--json]',
    '',
    ...allCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment: ARCA_URL (server address, default http://127.0.0.1:8420), ARCA_API_KEY (else the key `arca login` stored),',
    'ARCA_CONFIG_DIR (default ~/.config/arca), ARCA_DATA, ARCA_ADMIN_KEY (server), ARCA_CACHE_DIR, ARCA_OFFLINE_DIR.',
    'Run `arca <command> --help` for its options.',
  ].join('\n');
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const two = `${argv[0]} ${argv[1]}`;
  const byTwo = allCommands.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = allCommands.find((c) => c.name === argv[0]);
  return byOne ? { command: byOne, rest: argv.slice(1) } : undefined;
}

function reportError(ctx: Pick<CommandContext, 'json' | 'stderr'>, err: unknown): number {
  const usage = err instanceof UsageError;
  if (err instanceof ArcaError) {
    ctx.stderr.write(
      ctx.json
        ? JSON.stringify({ error: err.toJSON() }) + '\n'
        : `arca: ${err.message}${usage ? `\nusage: ${err.data.usage}` : ''}${err.code === 'Unauthenticated' ? '\nhint: run `arca login` or set ARCA_API_KEY' : ''}\n`,
    );
  } else {
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(ctx.json ? JSON.stringify({ error: { code: 'Internal', message, data: {} } }) + '\n' : `arca: ${message}\n`);
  }
  return usage ? 2 : 1;
}

/**
 * Runs one `arca` command line and returns the exit code: 0 success, 1 failure,
 * 2 bad usage. Output goes to the given streams, so tests can run it in-process.
 */
export async function main(
  argv: string[],
  io: Partial<Pick<CommandContext, 'env' | 'stdout' | 'stderr' | 'stdin' | 'cwd'>> = {},
): Promise<number> {
  const json = argv.includes('--json');
  const base = {
    env: io.env ?? process.env,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    cwd: io.cwd ?? process.cwd(),
    json,
  };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    base.stdout.write(helpText() + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    base.stdout.write(`arca ${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) return reportError(base, new UsageError(`unknown command ${JSON.stringify(argv.slice(0, 2).join(' '))}`, helpText()));
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    base.stdout.write(`usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  const ctx = createContext(base);
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message, command.usage);
    }
    const n = parsed.positionals.length;
    if (n < command.positionals.min || n > command.positionals.max) {
      throw new UsageError(`${command.name} takes ${command.positionals.min === command.positionals.max ? command.positionals.min : `${command.positionals.min} or more`} arguments, got ${n}`, command.usage);
    }
    const result = await command.run(ctx, parsed as Parameters<Command['run']>[1]);
    if (json && result.json !== null) ctx.stdout.write(JSON.stringify(result.json, null, 2) + '\n');
    else if (!json && result.text) ctx.stdout.write(result.text + '\n');
    return result.exitCode ?? 0;
  } catch (err) {
    return reportError(ctx, err);
  }
}
