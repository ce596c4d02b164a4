import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { objectTypes, type ObjectType } from './ObjectType.js';

const HEADER = /^arca-([a-z]+) (\d+)$/;
// encodeObject always writes valid UTF-8; bytes that are not are damage, which a
// lenient decoder would silently turn into U+FFFD instead of reporting.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses bytes made by encodeObject; `digest` only names the object in errors. */
export function decodeObject(bytes: Uint8Array, digest: string): { type: ObjectType; value: unknown } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buf.indexOf(0);
  if (nul < 0 || nul > 40) throw new CorruptObjectError(digest, 'no object header');
  const m = HEADER.exec(buf.toString('utf8', 0, nul));
  const type = m?.[1] as ObjectType | undefined;
  if (!m || !type || !objectTypes.includes(type)) throw new CorruptObjectError(digest, 'unknown object header');
  const body = buf.subarray(nul + 1);
  if (body.length !== Number(m[2])) throw new CorruptObjectError(digest, 'length in header does not match');
  try {
    return { type, value: JSON.parse(utf8.decode(body)) as unknown };
  } catch {
    throw new CorruptObjectError(digest, 'body is not JSON');
  }
}
