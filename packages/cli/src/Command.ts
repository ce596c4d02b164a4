import type { ParseArgsConfig } from 'node:util';
import type { CommandContext } from './CommandContext.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** What a command produced: the same result for people (`text`) and for `--json`. */
export interface CommandResult {
  json: unknown;
  text: string;
  /** Non-zero when the command ran but found a problem (fsck finding damage). */
  exitCode?: number;
}

export interface Command {
  /** One or two words: `log`, `alias set`. */
  name: string;
  usage: string;
  summary: string;
  options: Options;
  positionals: { min: number; max: number };
  run(ctx: CommandContext, args: ParsedArgs): Promise<CommandResult>;
}
