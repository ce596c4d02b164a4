import type { Selector } from '@arca/store/pure';

/** A selector as the `{version}` segment of an API path: `vN`, an alias or `b3:<prefix>`. */
export function selectorText(s: Selector): string {
  return s.kind === 'number' ? `v${s.number}` : s.kind === 'alias' ? s.alias : `b3:${s.prefix}`;
}
