import type { HttpClient } from '../http/HttpClient.js';
import type { ProgressThrottle } from '../progress/ProgressThrottle.js';
import { runPool } from '../util/runPool.js';
import type { LocalStaging } from './LocalStaging.js';
import type { ObjectSource } from './ObjectSource.js';
import { planUploads } from './planUploads.js';
import { sendUpload } from './sendUpload.js';

export interface UploadStats {
  bytesUploaded: number;
  objectsUploaded: number;
  /** Of `bytesUploaded`, those stored through the server's staging folder (decision 024). */
  bytesWrittenLocally: number;
}

/**
 * Uploads the given objects (the ones the server said it lacks): small ones
 * framed into batches, large ones by PUT, with at most `concurrency` requests in
 * flight. Each object's bytes are read from disk just before its request.
 * With `staging`, objects go through the server's staging folder where they can.
 * `progress` is the log's shared upload counter: its total grows by these
 * objects, since the pipelined part of a log may already have counted others.
 */
export async function uploadObjects(
  http: HttpClient,
  sources: readonly ObjectSource[],
  concurrency: number,
  progress: ProgressThrottle | undefined,
  staging: LocalStaging | null = null,
): Promise<UploadStats> {
  let bytesTotal = 0;
  for (const src of sources) bytesTotal += src.size;
  progress?.grow(bytesTotal, sources.length);
  const stats: UploadStats = { bytesUploaded: 0, objectsUploaded: 0, bytesWrittenLocally: 0 };
  await runPool(planUploads(sources, staging?.usable ?? false), concurrency, async (task) => {
    const sent = await sendUpload(http, task, staging);
    stats.bytesUploaded += sent.bytes;
    stats.objectsUploaded += sent.objects;
    if (sent.staged) stats.bytesWrittenLocally += sent.bytes;
    progress?.add(sent.bytes, sent.objects);
  });
  return stats;
}
