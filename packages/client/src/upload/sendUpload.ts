import { frameParts } from '../frames/frameParts.js';
import type { HttpClient } from '../http/HttpClient.js';
import { Yielder } from '../util/Yielder.js';
import { readSource } from './readSource.js';
import { readSourceSync } from './readSourceSync.js';
import type { UploadTask } from './UploadTask.js';

/**
 * Sends one upload request. Bytes not already in memory are read from their file
 * just before the request (and only then), so at most the in-flight requests'
 * bytes are held. Resolves with the bytes and objects sent.
 */
export async function sendUpload(http: HttpClient, task: UploadTask): Promise<{ bytes: number; objects: number }> {
  if (task.kind === 'put') {
    const bytes = await readSource(task.src);
    await http.json('PUT', `/objects/${task.src.digest}`, { body: bytes, idempotent: true });
    return { bytes: bytes.length, objects: 1 };
  }
  const objects: { digest: string; bytes: Buffer }[] = [];
  const yielder = new Yielder();
  let bytes = 0;
  for (const s of task.srcs) {
    await yielder.maybeYield();
    const b = readSourceSync(s);
    objects.push({ digest: s.digest, bytes: b });
    bytes += b.length;
  }
  await http.json('POST', '/objects/batch', {
    body: frameParts(objects),
    contentType: 'application/vnd.arca.objects',
    idempotent: true,
  });
  return { bytes, objects: objects.length };
}
