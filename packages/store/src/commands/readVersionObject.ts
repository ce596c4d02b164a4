import type { FsObjectStore } from '../backend/FsObjectStore.js';
import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { decodeObject } from '../objects/decodeObject.js';
import type { VersionObject } from '../objects/VersionObject.js';

/** Decoded version objects kept per object store, most recently used last. */
const cache = new WeakMap<FsObjectStore, Map<string, VersionObject>>();
const MAX_ENTRIES = 512;
/** Objects larger than this (big metadata) are decoded on every read rather than kept. */
const MAX_CACHED_BYTES = 64 * 1024;

/**
 * Reads and checks a version object (verified against its digest by the store).
 *
 * Decoded objects are kept by digest: an object's bytes can only be the ones
 * its digest names, so a kept object is exactly what a fresh, verified read
 * would return, and resolving `model@production` under load no longer opens a
 * pack file per request. What is kept was verified when it was read; fsck and
 * the object store's own reads still check the bytes on disk every time. The
 * returned object is deeply frozen, because it is shared by every caller.
 */
export async function readVersionObject(objects: FsObjectStore, digest: string): Promise<VersionObject> {
  let kept = cache.get(objects);
  const hit = kept?.get(digest);
  if (hit) {
    kept!.delete(digest);
    kept!.set(digest, hit);
    return hit;
  }
  const bytes = await objects.get(digest);
  const { type, value } = decodeObject(bytes, digest);
  if (type !== 'version') throw new CorruptObjectError(digest, `is a ${type}, not a version`);
  const obj = deepFreeze(value as VersionObject);
  if (bytes.length <= MAX_CACHED_BYTES) {
    if (!kept) cache.set(objects, (kept = new Map()));
    kept.set(digest, obj);
    if (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value!);
  }
  return obj;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
