import { canonicalJson, MAX_JSON_DEPTH } from './canonicalJson.js';
import type { ObjectType } from './ObjectType.js';

/**
 * Bytes of a structured object: `arca-<type> <length>\0` then canonical JSON. The
 * header keeps a tree, a version and a file with the same JSON text from ever
 * sharing a digest; the digest is BLAKE3 of these bytes.
 */
export function encodeObject(type: ObjectType, value: unknown): Buffer {
  // User values (a version's metadata) were checked to MAX_JSON_DEPTH on their own; the object wraps them.
  const body = Buffer.from(canonicalJson(value, 'value', MAX_JSON_DEPTH + 2), 'utf8');
  const header = Buffer.from(`arca-${type} ${body.length}\0`, 'utf8');
  return Buffer.concat([header, body]);
}
