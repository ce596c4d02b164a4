import { InvalidArgumentError, InvalidNameError } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

export const runListCommand: Command = {
  name: 'run list',
  usage: 'arca run list <entity/project> [--limit N]',
  summary: 'list the runs of a project, newest first',
  options: { limit: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const parts = positionals[0]!.split('/');
    if (parts.length !== 2) throw new InvalidNameError('project', positionals[0]!, 'expected entity/project');
    let limit: number | undefined;
    if (values.limit !== undefined) {
      limit = Number(values.limit);
      if (!/^\d+$/.test(values.limit as string)) throw new InvalidArgumentError('limit', 'a whole number');
    }
    const page = await ctx.client().runs.list(parts[0]!, parts[1]!, limit !== undefined ? { limit } : {});
    const rows = page.runs.map((r) => [
      r.id,
      r.name ?? '',
      r.jobType ?? '',
      r.state,
      r.startedAt.replace('T', ' ').slice(0, 19),
      r.lastStep === null ? '-' : String(r.lastStep),
    ]);
    return { json: page, text: rows.length ? formatTable(['ID', 'NAME', 'JOB TYPE', 'STATE', 'STARTED', 'LAST STEP'], rows) : 'no runs' };
  },
};
