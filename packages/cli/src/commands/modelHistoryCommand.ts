import type { RefLogEntry } from '@arca/store/pure';
import type { Command } from '../Command.js';
import { formatTable } from '../output/formatTable.js';

/** What changed, in a few words: the version, alias or tag the row is about. */
function what(e: RefLogEntry): string {
  const name = e.ref.includes('/') ? e.ref.slice(e.ref.indexOf('/') + 1) : '';
  if (e.kind === 'alias-added' || e.kind === 'alias-moved' || e.kind === 'alias-removed') {
    return `${name} ${e.old?.version ?? ''}${e.old && e.new ? ' -> ' : ''}${e.new?.version ?? ''}`.trim();
  }
  if (e.kind === 'tag-added' || e.kind === 'tag-removed') return `${name}${e.detail.version ? ` on ${String(e.detail.version)}` : ''}`;
  if (e.kind === 'linked' || e.kind === 'unlinked') {
    const source = e.detail.source as { collection: string; version: string } | undefined;
    return `${name}${source ? ` (${source.collection}:${source.version})` : ''}`;
  }
  return name;
}

export const modelHistoryCommand: Command = {
  name: 'model history',
  usage: 'arca model history <entity/model-registry/Name>',
  summary: 'every action on a registered model: linked, unlinked, aliases, card, tags; who and when',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const entries = await ctx.client().registry.history(positionals[0]!);
    const rows = entries.map((e) => [e.time.replace('T', ' ').slice(0, 19), e.kind, what(e), e.actor, e.reason]);
    return { json: { entries }, text: formatTable(['TIME', 'ACTION', 'WHAT', 'ACTOR', 'REASON'], rows) };
  },
};
