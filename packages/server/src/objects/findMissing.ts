import type { FsObjectStore } from '@arca/store';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

const SLICE = 2000;

/**
 * FsObjectStore.missing over a long list, in slices with a yield between them:
 * 100 000 existence checks are a few hundred milliseconds of synchronous file
 * system calls, which must not stall every other request meanwhile.
 */
export async function findMissing(objects: FsObjectStore, digests: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (let i = 0; i < digests.length; i += SLICE) {
    if (i > 0) await yieldToLoop();
    for (const d of objects.missing(digests.slice(i, i + SLICE))) out.add(d);
  }
  return [...out];
}
