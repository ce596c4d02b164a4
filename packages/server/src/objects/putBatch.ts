import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { drainRequest } from '../http/drainRequest.js';
import { requestBody } from '../http/requestBody.js';
import { objectLimits } from './objectLimits.js';
import { readFrames } from './readFrames.js';

/**
 * How many objects of one batch are written at once. Each write ends in an
 * fsync, which waits on the disk in the libuv thread pool; overlapping them is
 * what turns thousands of small files into thousands of writes per second.
 */
const PARALLEL_WRITES = 32;

/**
 * `POST /objects/batch`: frames are cut from the request as it arrives and each
 * object is verified and stored on its own. The first failure stops the batch;
 * objects already stored stay (each is whole and correct).
 */
export function putBatch(store: Store): RequestHandler {
  return async (req, res) => {
    let stored = 0;
    let existing = 0;
    let failure: { err: unknown } | undefined;
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const { digest, bytes } of readFrames(requestBody(req, objectLimits.maxBatchBytes), objectLimits.maxObjectBytes)) {
        if (failure) break;
        const write: Promise<void> = store.objects
          .put(digest, bytes)
          .then(
            (isNew) => void (isNew ? stored++ : existing++),
            (err: unknown) => void (failure ??= { err }),
          )
          .finally(() => inFlight.delete(write));
        inFlight.add(write);
        if (inFlight.size >= PARALLEL_WRITES) await Promise.race(inFlight);
      }
    } catch (err) {
      failure ??= { err };
    }
    await Promise.all(inFlight);
    if (failure) {
      await drainRequest(req);
      throw failure.err;
    }
    res.status(200).json({ stored, existing });
  };
}
