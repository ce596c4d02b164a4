import type { ObjectSource } from './ObjectSource.js';
import type { UploadTask } from './UploadTask.js';

/** Objects below this size travel in batches; larger ones get their own PUT. */
export const SMALL_OBJECT = 1024 * 1024;
/** Bytes per batch request: large enough to amortize a request, small enough that `concurrency` of them fit in memory. */
export const BATCH_BYTES = 8 * 1024 * 1024;
/** A frame header: 32-byte digest and a 4-byte length. */
const FRAME_HEADER = 36;

/**
 * Groups objects into requests: one PUT per large object, small ones into
 * batches of at most BATCH_BYTES. With `packLarge` (objects going through the
 * staging folder, decision 024, where a pack costs the same whatever its
 * objects' sizes) large objects join the batches too.
 */
export function planUploads(sources: readonly ObjectSource[], packLarge = false): UploadTask[] {
  const tasks: UploadTask[] = [];
  let batch: ObjectSource[] = [];
  let batchBytes = 0;
  let batchBody = 0;
  const closeBatch = (): void => {
    if (batch.length > 0) tasks.push({ kind: 'batch', srcs: batch, bytes: batchBytes });
    batch = [];
    batchBytes = 0;
    batchBody = 0;
  };
  for (const src of sources) {
    if (src.size >= SMALL_OBJECT && !packLarge) {
      tasks.push({ kind: 'put', src, bytes: src.size });
      continue;
    }
    if (batchBody + src.size + FRAME_HEADER > BATCH_BYTES) closeBatch();
    batch.push(src);
    batchBytes += src.size;
    batchBody += src.size + FRAME_HEADER;
  }
  closeBatch();
  return tasks;
}
