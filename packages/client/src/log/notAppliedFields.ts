import { canonicalJson } from '@arca/store/pure';

/**
 * When a log of equal content made no new version: which of the metadata and
 * description given differ from what that version keeps (a version's are
 * fixed when it is logged). Nothing given, or the same, is not reported.
 */
export function notAppliedFields(
  given: { metadata?: Record<string, unknown>; description?: string },
  version: { metadata: Record<string, unknown>; description: string },
): ('metadata' | 'description')[] {
  const out: ('metadata' | 'description')[] = [];
  if (given.metadata !== undefined && Object.keys(given.metadata).length > 0 && canonicalJson(given.metadata) !== canonicalJson(version.metadata)) out.push('metadata');
  if (given.description !== undefined && given.description !== '' && given.description !== version.description) out.push('description');
  return out;
}
