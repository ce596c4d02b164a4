import { canonicalJson } from './canonicalJson.js';
import type { ObjectType } from './ObjectType.js';

/**
 * Bytes of a structured object: `arca-<type> <length>\0` then canonical JSON. The
 * header keeps a tree, a version and a file with the same JSON text from ever
 * sharing a digest; the digest is BLAKE3 of these bytes.
 */
export function encodeObject(type: ObjectType, value: unknown): Buffer {
  const body = Buffer.from(canonicalJson(value), 'utf8');
  const header = Buffer.from(`arca-${type} ${body.length}\0`, 'utf8');
  return Buffer.concat([header, body]);
}
