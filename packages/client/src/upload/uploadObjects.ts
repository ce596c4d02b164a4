import type { HttpClient } from '../http/HttpClient.js';
import type { ProgressThrottle } from '../progress/ProgressThrottle.js';
import { runPool } from '../util/runPool.js';
import type { ObjectSource } from './ObjectSource.js';
import { planUploads } from './planUploads.js';
import { sendUpload } from './sendUpload.js';

export interface UploadStats {
  bytesUploaded: number;
  objectsUploaded: number;
}

/**
 * Uploads the given objects (the ones the server said it lacks): small ones
 * framed into batches, large ones by PUT, with at most `concurrency` requests in
 * flight. Each object's bytes are read from disk just before its request.
 * `progress` is the log's shared upload counter: its total grows by these
 * objects, since the pipelined part of a log may already have counted others.
 */
export async function uploadObjects(
  http: HttpClient,
  sources: readonly ObjectSource[],
  concurrency: number,
  progress: ProgressThrottle | undefined,
): Promise<UploadStats> {
  let bytesTotal = 0;
  for (const src of sources) bytesTotal += src.size;
  progress?.grow(bytesTotal, sources.length);
  const stats: UploadStats = { bytesUploaded: 0, objectsUploaded: 0 };
  await runPool(planUploads(sources), concurrency, async (task) => {
    const sent = await sendUpload(http, task);
    stats.bytesUploaded += sent.bytes;
    stats.objectsUploaded += sent.objects;
    progress?.add(sent.bytes, sent.objects);
  });
  return stats;
}
