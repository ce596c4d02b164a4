import { parseArgs } from 'node:util';
import { ArcaError } from '@arca/store/pure';
import type { Command } from './Command.js';
import { allCommands } from './commands/allCommands.js';
import { createContext, type CommandContext } from './CommandContext.js';
import { count } from './output/count.js';
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

/** A next step for errors that have an obvious one (text output only). */
function hintFor(err: ArcaError, command: string | undefined): string {
  if (err.code === 'Unauthenticated' && command !== 'login') return '\nhint: run `arca login` or set ARCA_API_KEY';
  if (err.code === 'Unreachable' && command === 'log') return '\nhint: `arca log ... --offline` records it locally; `arca sync` sends it later';
  return '';
}

/** The commands of a group (`alias` -> alias set, alias rm, alias log); empty when `word` names no group. */
function groupOf(word: string | undefined): Command[] {
  return word === undefined ? [] : allCommands.filter((c) => c.name.startsWith(`${word} `));
}

/** `arca alias --help`: the group's commands with their summaries, as `arca --help` lists every command. */
function groupHelpText(word: string, group: Command[]): string {
  const width = Math.max(...group.map((c) => c.name.length));
  const names = group.map((c) => c.name.slice(word.length + 1)).join('|');
  return [
    `usage: arca ${word} <${names}> ...`,
    '',
    ...group.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`arca ${word} <${names}> --help\` for its options.`,
  ].join('\n');
}

/** `arca alias frob` names what `alias` takes; anything else points at --help (not the whole list again). */
function unknownCommand(argv: string[]): UsageError {
  const group = groupOf(argv[0]).map((c) => c.name.slice(argv[0]!.length + 1));
  if (group.length > 0) {
    const what = argv[1] === undefined || argv[1].startsWith('-') ? `${argv[0]} needs a subcommand` : `unknown command ${JSON.stringify(`${argv[0]} ${argv[1]}`)}`;
    return new UsageError(`${what}: ${group.join(', ')}`, `arca ${argv[0]} <${group.join('|')}> ...`);
  }
  return new UsageError(`unknown command ${JSON.stringify(argv[0])}; \`arca --help\` lists them`, 'arca <command> [options] [--json]');
}

function reportError(ctx: Pick<CommandContext, 'json' | 'stderr'>, err: unknown, command?: string): number {
  const usage = err instanceof UsageError;
  if (err instanceof ArcaError) {
    ctx.stderr.write(
      ctx.json
        ? JSON.stringify({ error: err.toJSON() }) + '\n'
        : `arca: ${err.message}${usage ? `\nusage: ${err.data.usage}` : ''}${hintFor(err, command)}\n`,
    );
  } else {
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(ctx.json ? JSON.stringify({ error: { code: 'Internal', message, data: {} } }) + '\n' : `arca: ${message}\n`);
  }
  // 128 + SIGINT, as shells report a command stopped by Ctrl-C.
  if (err instanceof ArcaError && err.code === 'Interrupted') return 130;
  return usage ? 2 : 1;
}

/**
 * Runs one `arca` command line and returns the exit code: 0 success, 1 failure,
 * 2 bad usage, 130 stopped by Ctrl-C. Output goes to the given streams, so tests can run it in-process.
 */
export async function main(
  argv: string[],
  io: Partial<Pick<CommandContext, 'env' | 'stdout' | 'stderr' | 'stdin' | 'cwd'>> = {},
): Promise<number> {
  const json = argv.includes('--json');
  // `--json` is global: before the command (`arca --json ls e/p`) as well as after it.
  if (argv[0] === '--json') argv = [...argv.filter((a) => a !== '--json'), '--json'];
  const base = {
    env: io.env ?? process.env,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    cwd: io.cwd ?? process.cwd(),
    json,
  };
  // `arca help log` is `arca log --help` (and `arca help alias` the group's help), as in git.
  if (argv[0] === 'help' && argv[1] !== undefined && argv[1] !== '--json') argv = [...argv.slice(1).filter((a) => a !== '--json'), '--help'];
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help' || argv[0] === '--json') {
    base.stdout.write(helpText() + '\n');
    return argv.length === 0 || argv[0] === '--json' ? 2 : 0;
  }
  if (argv[0] === '--version') {
    base.stdout.write(json ? JSON.stringify({ version: VERSION }) + '\n' : `arca ${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    // `arca alias --help` asks for help, not for an error: list the group's commands, exit 0.
    const group = groupOf(argv[0]);
    if (group.length > 0 && (argv[1] === '--help' || argv[1] === '-h')) {
      base.stdout.write(groupHelpText(argv[0]!, group) + '\n');
      return 0;
    }
    return reportError(base, unknownCommand(argv));
  }
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
    const { min, max } = command.positionals;
    if (n < min || n > max) {
      const takes = min === max ? count(min, 'argument') : max === Infinity ? `at least ${count(min, 'argument')}` : `${min} to ${max} arguments`;
      throw new UsageError(`${command.name} takes ${takes}, got ${n}`, command.usage);
    }
    const result = await command.run(ctx, parsed as Parameters<Command['run']>[1]);
    if (json && result.json !== null) ctx.stdout.write(JSON.stringify(result.json, null, 2) + '\n');
    else if (!json && result.text) ctx.stdout.write(result.text + '\n');
    return result.exitCode ?? 0;
  } catch (err) {
    return reportError(ctx, err, command.name);
  }
}
