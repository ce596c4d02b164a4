import { InvalidArgumentError } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { parseMetricPairs } from './parseMetricPairs.js';
import { runPathArg } from './runPathArg.js';

export const runLogCommand: Command = {
  name: 'run log',
  usage: 'arca run log <entity/project/id> key=value... [--step N]',
  summary: "log one row of metrics to a run (default step: one past the run's last)",
  options: { step: { type: 'string' } },
  positionals: { min: 2, max: Infinity },
  async run(ctx, { values, positionals }) {
    const [runArg, ...pairs] = positionals as [string, ...string[]];
    const path = runPathArg(runArg, this.usage);
    const metrics = parseMetricPairs(pairs);
    let step: number | undefined;
    if (values.step !== undefined) {
      step = Number(values.step);
      if (!/^\d+$/.test(values.step as string) || !Number.isSafeInteger(step)) throw new InvalidArgumentError('step', 'a whole number');
    }
    const result = await ctx.client().runs.appendMetrics(path, [{ ...(step !== undefined ? { step } : {}), values: metrics }]);
    return { json: result, text: `logged step ${result.lastStep} of ${path}` };
  },
};
