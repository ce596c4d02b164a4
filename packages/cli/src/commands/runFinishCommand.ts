import type { Command } from '../Command.js';
import { parseMetadata } from './parseMetadata.js';
import { runPathArg } from './runPathArg.js';

export const runFinishCommand: Command = {
  name: 'run finish',
  usage: 'arca run finish <entity/project/id> [--state finished|failed|crashed] [--summary k=v]...',
  summary: 'end a run with a final state (default finished), optionally setting summary values',
  options: { state: { type: 'string' }, summary: { type: 'string', multiple: true } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const path = runPathArg(positionals[0]!, this.usage);
    const pairs = (values.summary as string[] | undefined) ?? [];
    const summary = pairs.length > 0 ? await parseMetadata(pairs, undefined, ctx.cwd, 'summary') : undefined;
    const run = await ctx.client().runs.finish(path, {
      ...(values.state !== undefined ? { state: values.state as string } : {}),
      ...(summary !== undefined ? { summary } : {}),
    });
    return { json: { run }, text: `${run.path} ${run.state} at ${run.finishedAt}` };
  },
};
