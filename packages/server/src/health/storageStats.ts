import type { FsObjectStore } from '@arca/store';

/** How many objects are on disk and how many bytes they take (file sizes, not blocks). */
export async function storageStats(objects: FsObjectStore): Promise<{ objects: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for await (const digest of objects.list()) {
    count++;
    bytes += await objects.size(digest);
  }
  return { objects: count, bytes };
}
