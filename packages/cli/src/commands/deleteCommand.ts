import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';
import { count } from '../output/count.js';

const USAGE = 'arca delete <entity/project/name:vN|:alias|@b3:..> | <entity/project/name> --collection [--reason R]';

export const deleteCommand: Command = {
  name: 'delete',
  usage: USAGE,
  summary: 'delete a version (in a registry: unlink it), or with --collection a whole collection',
  options: { collection: { type: 'boolean' }, reason: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const ref = positionals[0]!;
    const opts = values.reason !== undefined ? { reason: values.reason as string } : {};
    const registry = ctx.client().registry;
    const hasSelector = /[:@]/.test(ref.slice(ref.lastIndexOf('/') + 1));
    if (values.collection === true) {
      if (hasSelector) throw new UsageError('--collection takes a collection name, without :version', USAGE);
      const r = await registry.deleteCollection(ref, opts);
      return { json: r, text: `deleted ${r.deleted.collection} (${count(r.deleted.versions, 'version')})` };
    }
    // Elsewhere a bare name means :latest; here that guess could delete the wrong thing.
    if (!hasSelector) throw new UsageError(`name the version (${ref}:vN), or pass --collection to delete the whole collection`, USAGE);
    const r = await registry.deleteVersion(ref, opts);
    const removed = r.aliasesRemoved.length ? `; aliases removed: ${r.aliasesRemoved.join(', ')}` : '';
    return { json: r, text: `deleted ${r.deleted.collection}:${r.deleted.version}${removed}; latest is ${r.latest ?? 'none'}` };
  },
};
