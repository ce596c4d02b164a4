import { resolve } from 'node:path';
import { InvalidArgumentError } from '@arca/store/pure';

/**
 * `--add SRC[=DEST]`: a local file or folder and, optionally, where it lands in
 * the artifact. Split at the first `=`, so a DEST may contain `=` but a SRC may not.
 */
export function parseAddSpec(spec: string, cwd: string): { source: string; dest: string | undefined } {
  const eq = spec.indexOf('=');
  if (eq === 0 || spec.length === 0) throw new InvalidArgumentError('add', `${JSON.stringify(spec)} is not SRC or SRC=DEST`);
  if (eq < 0) return { source: resolve(cwd, spec), dest: undefined };
  const dest = spec.slice(eq + 1);
  if (dest.length === 0) throw new InvalidArgumentError('add', `${JSON.stringify(spec)}: empty DEST`);
  return { source: resolve(cwd, spec.slice(0, eq)), dest };
}
