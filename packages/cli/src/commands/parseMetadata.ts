import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@arca/store/pure';

/**
 * Merges `--metadata-file F` (a JSON object) with `--metadata k=v` pairs, which
 * win (and the same for `--config` and `--summary`, named by `argument` in errors). A value that parses as JSON (`3`, `true`, `[1,2]`) is stored as such, so
 * `lr=0.001` is a number; anything else is a string, and so is a number that
 * would not survive as one (an integer beyond 2^53, or one out of range).
 */
export async function parseMetadata(pairs: string[], file: string | undefined, cwd: string, argument = 'metadata'): Promise<Record<string, unknown>> {
  let metadata: Record<string, unknown> = {};
  if (file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(resolve(cwd, file), 'utf8'));
    } catch (err) {
      throw new InvalidArgumentError(`${argument}-file`, `${file}: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InvalidArgumentError(`${argument}-file`, `${file} must hold a JSON object`);
    }
    metadata = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(argument, `${JSON.stringify(pair)} is not key=value`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: keep the text
    }
    // A number JSON cannot hold exactly (an id of 20 digits, 1e400) stays the text it was.
    if (typeof value === 'number' && (!Number.isFinite(value) || (/^-?\d+$/.test(raw.trim()) && !Number.isSafeInteger(value)))) value = raw;
    metadata[pair.slice(0, eq)] = value;
  }
  return metadata;
}
