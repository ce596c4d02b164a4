import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkReference, createHasher, InvalidArgumentError, ReferenceUnavailableError, validateArtifactPath, type ReferenceEntry } from '@arca/store/pure';

/** A reference as the caller gives it; for a file URI, size and checksum are computed when left out. */
export interface ReferenceSpec {
  uri: string;
  /** Where it appears in the artifact; default the URI's last path segment. */
  path?: string;
  size?: number;
  /** `sha256:<hex>` or `b3:<hex>` */
  checksum?: string;
  etag?: string;
}

/**
 * Turns a reference spec into a checked tree entry. A `file://` reference
 * whose size or checksum is missing is read once here (BLAKE3, as for logged
 * files); `http(s)://` and `s3://` ones must come with their size and a
 * checksum or ETag, since reading them at log time would mean a download.
 */
export async function resolveReference(spec: ReferenceSpec): Promise<ReferenceEntry> {
  if (spec === null || typeof spec !== 'object' || typeof spec.uri !== 'string') throw new InvalidArgumentError('reference', 'an object with a uri');
  let url: URL;
  try {
    url = new URL(spec.uri);
  } catch {
    throw new InvalidArgumentError('uri', `${JSON.stringify(spec.uri)} is not an absolute URI`);
  }
  const path = spec.path ?? decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (path === '') throw new InvalidArgumentError('path', `${spec.uri}: name the reference's path in the artifact`);
  validateArtifactPath(path);
  let { size, checksum } = spec;
  if (url.protocol === 'file:' && (size === undefined || (checksum === undefined && spec.etag === undefined))) {
    const file = fileURLToPath(url);
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new ReferenceUnavailableError(path, spec.uri, 'not a regular file');
      size ??= st.size;
    } catch (err) {
      if (err instanceof ReferenceUnavailableError) throw err;
      throw new ReferenceUnavailableError(path, spec.uri, (err as NodeJS.ErrnoException).code ?? String(err));
    }
    if (checksum === undefined && spec.etag === undefined) {
      const hasher = createHasher();
      let read = 0;
      for await (const piece of createReadStream(file)) {
        hasher.update(piece as Buffer);
        read += (piece as Buffer).length;
      }
      if (read !== size) throw new InvalidArgumentError('size', `${path}: the file has ${read} bytes, not ${size}`);
      checksum = hasher.digest();
    }
  }
  if (size === undefined) throw new InvalidArgumentError('size', `${path}: a ${url.protocol}// reference needs its size`);
  return checkReference({
    path,
    kind: 'reference',
    uri: spec.uri,
    size,
    ...(checksum !== undefined ? { checksum } : {}),
    ...(spec.etag !== undefined ? { etag: spec.etag } : {}),
  });
}
