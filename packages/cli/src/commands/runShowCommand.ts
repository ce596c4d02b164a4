import type { Command } from '../Command.js';
import { runPathArg } from './runPathArg.js';
import { shortDigest } from './shortDigest.js';

export const runShowCommand: Command = {
  name: 'run show',
  usage: 'arca run show <entity/project/id>',
  summary: 'show a run: state, job type, config, summary, inputs and outputs',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const run = await ctx.client().runs.get(runPathArg(positionals[0]!, this.usage));
    const artifact = (a: (typeof run.inputs)[number]) => `    ${a.collection}:${a.version} ${shortDigest(a.digest)} (${a.type})${a.deleted ? ' deleted' : ''}`;
    const lines = [
      run.path + (run.name ? `  ${run.name}` : ''),
      `  state      ${run.state}`,
      `  job type   ${run.jobType ?? '-'}`,
      `  started    ${run.startedAt} by ${run.actor}`,
      `  finished   ${run.finishedAt ?? '-'}`,
      `  last step  ${run.lastStep ?? '-'}`,
    ];
    const config = Object.entries(run.config);
    if (config.length) lines.push('  config', ...config.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
    const summary = Object.entries(run.summary);
    if (summary.length) lines.push('  summary', ...summary.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
    if (run.inputs.length) lines.push('  inputs', ...run.inputs.map(artifact));
    if (run.outputs.length) lines.push('  outputs', ...run.outputs.map(artifact));
    return { json: { run }, text: lines.join('\n') };
  },
};
