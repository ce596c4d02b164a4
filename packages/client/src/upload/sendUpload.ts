import { frameParts } from '../frames/frameParts.js';
import type { HttpClient } from '../http/HttpClient.js';
import { Yielder } from '../util/Yielder.js';
import type { LocalStaging } from './LocalStaging.js';
import { readSource } from './readSource.js';
import { readSourceSync } from './readSourceSync.js';
import type { UploadTask } from './UploadTask.js';

/**
 * Sends one upload request, or with `staging` stores the same objects through
 * the server's staging folder (decision 024), falling back to the request when
 * staging is not possible here. Bytes not already in memory are read from
 * their file just before (and only then), so at most the in-flight tasks'
 * bytes are held. Resolves with the bytes and objects sent, and whether they
 * went by staging.
 */
export async function sendUpload(http: HttpClient, task: UploadTask, staging: LocalStaging | null = null): Promise<{ bytes: number; objects: number; staged: boolean }> {
  const objects: { digest: string; bytes: Buffer }[] = [];
  let bytes = 0;
  if (task.kind === 'put') {
    objects.push({ digest: task.src.digest, bytes: await readSource(task.src) });
  } else {
    const yielder = new Yielder();
    for (const s of task.srcs) {
      await yielder.maybeYield();
      objects.push({ digest: s.digest, bytes: readSourceSync(s) });
    }
  }
  for (const o of objects) bytes += o.bytes.length;
  if (staging?.usable && (await staging.send(objects))) return { bytes, objects: objects.length, staged: true };
  if (task.kind === 'put') {
    await http.json('PUT', `/objects/${task.src.digest}`, { body: objects[0]!.bytes, idempotent: true });
  } else {
    await http.json('POST', '/objects/batch', {
      body: frameParts(objects),
      contentType: 'application/vnd.arca.objects',
      idempotent: true,
    });
  }
  return { bytes, objects: objects.length, staged: false };
}
