import { UsageError } from '../UsageError.js';
import { parseDuration } from './parseDuration.js';

/**
 * A TTL as typed on the command line: a duration (`30d`, `12h`), `never` (keep
 * forever: null) or, where `allowDefault`, `default` (follow the collection's).
 */
export function parseTtl(text: string, usage: string, allowDefault: boolean): number | null | 'default' {
  if (text === 'never') return null;
  if (text === 'default' && allowDefault) return 'default';
  const seconds = parseDuration(text);
  if (seconds === undefined || !Number.isInteger(seconds)) {
    throw new UsageError(`${JSON.stringify(text)}: expected a duration such as 12h, 30d or 3600s, or never${allowDefault ? ' or default' : ''}`, usage);
  }
  return seconds;
}
