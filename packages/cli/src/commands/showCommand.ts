import type { Command } from '../Command.js';
import { count } from '../output/count.js';
import { formatBytes } from '../output/formatBytes.js';
import { formatModel } from './formatModel.js';

export const showCommand: Command = {
  name: 'show',
  usage: 'arca show <ref>',
  summary: 'show a version: digest, type, size, files, aliases, tags, metadata, description; for a registry ref also the model card',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals }) {
    const client = ctx.client();
    const version = await client.resolve(positionals[0]!);
    const tree = await client.tree(`${version.collection}@${version.digest}`);
    const lines = [
      `${version.collection}:${version.version}`,
      `  digest       ${version.digest}`,
      `  tree         ${version.tree}`,
      `  type         ${version.type}`,
      `  size         ${formatBytes(version.size)} in ${count(version.fileCount, 'file')}`,
      `  aliases      ${version.aliases.join(', ') || '-'}`,
      `  tags         ${version.tags.join(', ') || '-'}`,
      `  created      ${version.createdAt} by ${version.actor}`,
    ];
    if (version.source) lines.push(`  source       ${version.source.collection}:${version.source.version}`);
    if (version.description) lines.push(`  description  ${version.description.split('\n').join('\n               ')}`);
    const meta = Object.entries(version.metadata);
    if (meta.length) lines.push('  metadata', ...meta.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
    lines.push('  files', ...tree.entries.map((e) => `    ${formatBytes(e.size).padStart(10)}  ${e.path}${e.kind === 'reference' ? `  -> ${e.uri}` : ''}`));
    if (version.kind !== 'registry') return { json: { version, files: tree.entries }, text: lines.join('\n') };
    // A registry ref is read for the model as much as for the version: show its card too.
    const { model } = await client.registry.model(version.collection);
    lines.push('', 'registered model', ...formatModel(model).map((l) => `  ${l}`));
    return { json: { version, files: tree.entries, model }, text: lines.join('\n') };
  },
};
