import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { ReferenceEntry } from './TreeObject.js';

const SCHEMES = ['file:', 'http:', 'https:', 's3:'];
const CHECKSUM = /^(sha256|b3):[0-9a-f]{64}$/;
const MAX_URI_BYTES = 4096;
const MAX_ETAG_BYTES = 256;

/**
 * Validates a reference entry's location and checks and returns it with only
 * its known fields (path is checked by the caller). A URI must be absolute, of
 * a known scheme, and carry no user or password: the registry is no place for
 * credentials. At least one of checksum and ETag is required, or pull could
 * not tell a changed object from the one that was logged.
 */
export function checkReference(e: ReferenceEntry): ReferenceEntry {
  const where = `${e.path}: `;
  if (typeof e.uri !== 'string' || Buffer.byteLength(e.uri) > MAX_URI_BYTES) throw new InvalidArgumentError('uri', `${where}a URI of at most ${MAX_URI_BYTES} bytes`);
  let url: URL;
  try {
    url = new URL(e.uri);
  } catch {
    throw new InvalidArgumentError('uri', `${where}${JSON.stringify(e.uri)} is not an absolute URI`);
  }
  if (!SCHEMES.includes(url.protocol)) throw new InvalidArgumentError('uri', `${where}scheme ${url.protocol} is not one of file:, http:, https:, s3:`);
  if (url.username !== '' || url.password !== '') throw new InvalidArgumentError('uri', `${where}credentials in a URI are refused`);
  if (url.protocol === 'file:' && (url.host !== '' || url.pathname === '/')) throw new InvalidArgumentError('uri', `${where}a file URI is file:///absolute/path`);
  if (url.protocol === 's3:' && (url.host === '' || url.pathname.length <= 1)) throw new InvalidArgumentError('uri', `${where}an S3 URI is s3://bucket/key`);
  if (!Number.isSafeInteger(e.size) || e.size < 0) throw new InvalidArgumentError('size', `${where}not a byte count`);
  if (e.checksum !== undefined && (typeof e.checksum !== 'string' || !CHECKSUM.test(e.checksum))) {
    throw new InvalidArgumentError('checksum', `${where}sha256:<64 hex> or b3:<64 hex>`);
  }
  if (e.etag !== undefined && (typeof e.etag !== 'string' || e.etag.length === 0 || Buffer.byteLength(e.etag) > MAX_ETAG_BYTES)) {
    throw new InvalidArgumentError('etag', `${where}a non-empty string of at most ${MAX_ETAG_BYTES} bytes`);
  }
  if (e.checksum === undefined && e.etag === undefined) throw new InvalidArgumentError('checksum', `${where}a reference needs a checksum or an ETag`);
  return {
    path: e.path,
    kind: 'reference',
    uri: e.uri,
    size: e.size,
    ...(e.checksum !== undefined ? { checksum: e.checksum } : {}),
    ...(e.etag !== undefined ? { etag: e.etag } : {}),
  };
}
