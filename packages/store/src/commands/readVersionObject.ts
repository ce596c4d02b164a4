import type { FsObjectStore } from '../backend/FsObjectStore.js';
import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { decodeObject } from '../objects/decodeObject.js';
import type { VersionObject } from '../objects/VersionObject.js';

/** Reads and checks a version object (verified against its digest by the store). */
export async function readVersionObject(objects: FsObjectStore, digest: string): Promise<VersionObject> {
  const { type, value } = decodeObject(await objects.get(digest), digest);
  if (type !== 'version') throw new CorruptObjectError(digest, `is a ${type}, not a version`);
  return value as VersionObject;
}
