import { InvalidNameError } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { parseMetadata } from './parseMetadata.js';

export const runInitCommand: Command = {
  name: 'run init',
  usage: 'arca run init <entity/project> [--job-type T] [--name N] [--config-file F] [--config k=v]...',
  summary: 'start a run and print its path (entity/project/id), for --run and the other run commands',
  options: {
    'job-type': { type: 'string' },
    name: { type: 'string' },
    'config-file': { type: 'string' },
    config: { type: 'string', multiple: true },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const parts = positionals[0]!.split('/');
    if (parts.length !== 2) throw new InvalidNameError('project', positionals[0]!, 'expected entity/project');
    // The same rules as --metadata: a JSON file, then k=v pairs (JSON values stay typed) on top.
    const config = await parseMetadata((values.config as string[] | undefined) ?? [], values['config-file'] as string | undefined, ctx.cwd, 'config');
    const run = await ctx.client().runs.create({
      entity: parts[0]!,
      project: parts[1]!,
      config,
      ...(values.name !== undefined ? { name: values.name as string } : {}),
      ...(values['job-type'] !== undefined ? { jobType: values['job-type'] as string } : {}),
    });
    return { json: { run }, text: run.path };
  },
};
