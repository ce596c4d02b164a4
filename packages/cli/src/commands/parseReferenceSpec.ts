import { InvalidArgumentError } from '@arca/store/pure';
import type { ReferenceSpec } from '@arca/client';

const KEYS = ['size', 'checksum', 'etag', 'path'] as const;

/**
 * `--reference 'URI[;size=N][;checksum=sha256:HEX|b3:HEX][;etag=E][;path=P]'`.
 * Attributes are taken from the end while they are `key=value` of a known key,
 * so a `;` inside the URI itself survives. A file URI needs none of them (size
 * and checksum are computed); http(s) and s3 need size and checksum or etag.
 */
export function parseReferenceSpec(text: string): ReferenceSpec {
  const parts = text.split(';');
  const spec: Record<string, string> = {};
  while (parts.length > 1) {
    const last = parts[parts.length - 1]!;
    const eq = last.indexOf('=');
    const key = last.slice(0, eq);
    if (eq <= 0 || !(KEYS as readonly string[]).includes(key)) break;
    if (key in spec) throw new InvalidArgumentError('reference', `${key} given twice in ${JSON.stringify(text)}`);
    spec[key] = last.slice(eq + 1);
    parts.pop();
  }
  const uri = parts.join(';');
  if (uri.length === 0) throw new InvalidArgumentError('reference', `${JSON.stringify(text)} has no URI`);
  let size: number | undefined;
  if (spec.size !== undefined) {
    size = Number(spec.size);
    if (!/^\d+$/.test(spec.size) || !Number.isSafeInteger(size)) throw new InvalidArgumentError('reference', `size=${spec.size} is not a byte count`);
  }
  return {
    uri,
    ...(size !== undefined ? { size } : {}),
    ...(spec.checksum !== undefined ? { checksum: spec.checksum } : {}),
    ...(spec.etag !== undefined ? { etag: spec.etag } : {}),
    ...(spec.path !== undefined ? { path: spec.path } : {}),
  };
}
