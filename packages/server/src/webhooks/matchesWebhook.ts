import type { ArcaEvent } from '@arca/store';
import { globToRegExp } from './globToRegExp.js';
import type { WebhookRow } from './WebhookTables.js';

/**
 * Whether `event` goes to `hook`: same entity, one of its types, newer than the
 * webhook itself, and for alias and tag events a name that fits its pattern
 * (version events have no alias or tag name, so the pattern does not apply to them).
 */
export function matchesWebhook(hook: WebhookRow, types: ReadonlySet<string>, event: ArcaEvent): boolean {
  if (event.entity !== hook.entity || event.id <= hook.after_seq || !types.has(event.type)) return false;
  if (hook.pattern === null) return true;
  if (!event.type.startsWith('alias.') && !event.type.startsWith('tag.')) return true;
  return globToRegExp(hook.pattern).test(event.name);
}
