import { frameParts } from '../frames/frameParts.js';
import type { HttpClient } from '../http/HttpClient.js';
import { ProgressThrottle } from '../progress/ProgressThrottle.js';
import type { ProgressCallback } from '../types.js';
import { runPool } from '../util/runPool.js';
import type { ObjectSource } from './ObjectSource.js';
import { readSource } from './readSource.js';
import { readSourceSync } from './readSourceSync.js';
import { Yielder } from '../util/Yielder.js';

/** Objects below this size travel in batches; larger ones get their own PUT. */
export const SMALL_OBJECT = 1024 * 1024;
/** Bytes per batch request: large enough to amortize a request, small enough that `concurrency` of them fit in memory. */
export const BATCH_BYTES = 8 * 1024 * 1024;

export interface UploadStats {
  bytesUploaded: number;
  objectsUploaded: number;
}

type Task = { kind: 'put'; src: ObjectSource } | { kind: 'batch'; srcs: ObjectSource[]; bytes: number };

/**
 * Uploads the given objects (the ones the server said it lacks): small ones
 * framed into batches, large ones by PUT, with at most `concurrency` requests in
 * flight. Each object's bytes are read from disk just before its request.
 */
export async function uploadObjects(
  http: HttpClient,
  sources: readonly ObjectSource[],
  concurrency: number,
  onProgress: ProgressCallback | undefined,
): Promise<UploadStats> {
  let bytesTotal = 0;
  const tasks: Task[] = [];
  let batch: ObjectSource[] = [];
  let batchBytes = 0;
  const closeBatch = (): void => {
    if (batch.length > 0) tasks.push({ kind: 'batch', srcs: batch, bytes: batchBytes });
    batch = [];
    batchBytes = 0;
  };
  for (const src of sources) {
    bytesTotal += src.size;
    if (src.size >= SMALL_OBJECT) {
      tasks.push({ kind: 'put', src });
      continue;
    }
    if (batchBytes + src.size + 36 > BATCH_BYTES) closeBatch();
    batch.push(src);
    batchBytes += src.size + 36;
  }
  closeBatch();
  const progress = new ProgressThrottle(onProgress, 'upload', bytesTotal, sources.length);
  const stats: UploadStats = { bytesUploaded: 0, objectsUploaded: 0 };
  await runPool(tasks, concurrency, async (task) => {
    if (task.kind === 'put') {
      const bytes = await readSource(task.src);
      await http.json('PUT', `/objects/${task.src.digest}`, { body: bytes, idempotent: true });
      stats.bytesUploaded += bytes.length;
      stats.objectsUploaded += 1;
      progress.add(bytes.length, 1);
      return;
    }
    const objects: { digest: string; bytes: Buffer }[] = [];
    const yielder = new Yielder();
    for (const s of task.srcs) {
      await yielder.maybeYield();
      objects.push({ digest: s.digest, bytes: readSourceSync(s) });
    }
    await http.json('POST', '/objects/batch', {
      body: frameParts(objects),
      contentType: 'application/vnd.arca.objects',
      idempotent: true,
    });
    let bytes = 0;
    for (const o of objects) bytes += o.bytes.length;
    stats.bytesUploaded += bytes;
    stats.objectsUploaded += objects.length;
    progress.add(bytes, objects.length);
  });
  progress.finish();
  return stats;
}
