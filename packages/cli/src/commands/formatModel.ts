import type { RegisteredModelInfo } from '@arca/store/pure';

/** A registered model for people: name, type, aliases, tags, metadata, then the card. */
export function formatModel(m: RegisteredModelInfo): string[] {
  const lines = [
    m.model,
    `  type         ${m.type}`,
    `  versions     ${m.versionCount}${m.latest ? ` (latest ${m.latest.version})` : ''}`,
    `  aliases      ${Object.entries(m.aliases).map(([a, v]) => `${a}=${v}`).join(' ') || '-'}`,
    `  protected    ${m.protectedAliases.join(', ') || '-'}`,
    `  tags         ${m.tags.join(', ') || '-'}`,
    `  created      ${m.createdAt}${m.updatedAt && m.updatedAt !== m.createdAt ? `, edited ${m.updatedAt}` : ''}`,
  ];
  const meta = Object.entries(m.metadata);
  if (meta.length) lines.push('  metadata', ...meta.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
  if (m.description) lines.push('  card', ...m.description.split('\n').map((l) => `    ${l}`));
  return lines;
}
