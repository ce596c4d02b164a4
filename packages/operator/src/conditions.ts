import type { Condition } from './types.js';

/**
 * Puts `next` into `list` (by type), keeping lastTransitionTime when the
 * status did not change, as Kubernetes conditions do.
 */
export function setCondition(list: Condition[], next: Condition, now: string): Condition[] {
  const old = list.find((c) => c.type === next.type);
  const merged: Condition = { ...next, lastTransitionTime: old && old.status === next.status ? (old.lastTransitionTime ?? now) : now };
  return [...list.filter((c) => c.type !== next.type), merged].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
}

const ORDER = ['AliasResolved', 'Progressing', 'Ready', 'Degraded'];
