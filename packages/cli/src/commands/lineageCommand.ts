import { InvalidArgumentError, type LineageDirection } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';
import { runPathArg } from './runPathArg.js';

export const lineageCommand: Command = {
  name: 'lineage',
  usage: 'arca lineage <ref> | --run <entity/project/id> [--depth N] [--direction up|down|both]',
  summary: 'runs and versions upstream and downstream of a version or a run, as a graph (nodes and edges)',
  options: { run: { type: 'string' }, depth: { type: 'string' }, direction: { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run(ctx, { values, positionals }) {
    const ref = positionals[0];
    const run = values.run as string | undefined;
    if ((ref === undefined) === (run === undefined)) throw new UsageError(ref === undefined ? 'give a ref or --run' : 'give a ref or --run, not both', this.usage);
    let depth: number | undefined;
    if (values.depth !== undefined) {
      if (!/^\d+$/.test(values.depth as string)) throw new InvalidArgumentError('depth', 'a whole number');
      depth = Number(values.depth);
    }
    const opts = { ...(depth !== undefined ? { depth } : {}), ...(values.direction !== undefined ? { direction: values.direction as LineageDirection } : {}) };
    const client = ctx.client();
    const graph = ref !== undefined ? await client.lineage(ref, opts) : await client.runLineage(runPathArg(run!, this.usage), opts);
    const label = new Map(graph.nodes.map((n) => [n.id, n.kind === 'run' ? `run ${n.path}${n.jobType ? ` (${n.jobType})` : ''}` : `${n.collection}:${n.version}`]));
    const lines = [
      `lineage of ${label.get(graph.root)} (depth ${graph.depth}, ${graph.direction})`,
      ...graph.edges.map((e) => `  ${label.get(e.from)} --${e.kind}--> ${label.get(e.to)}`),
    ];
    if (graph.edges.length === 0) lines.push('  (no runs or versions connected)');
    if (graph.truncated) lines.push(`  (cut at ${graph.nodes.length} nodes)`);
    return { json: graph, text: lines.join('\n') };
  },
};
