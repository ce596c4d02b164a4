import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { drainRequest } from '../http/drainRequest.js';
import { requestBody } from '../http/requestBody.js';
import { objectLimits } from './objectLimits.js';
import { readFrames, type Frame } from './readFrames.js';

/**
 * `POST /objects/batch`: the frames of the request are collected (a request is
 * at most 64 MiB, clients send ~8 MiB) and stored with ONE `putBatch`, i.e. one
 * pack file and one fsync for the whole request instead of one per object —
 * the difference between ~800 and thousands of small files per second.
 *
 * All or nothing per request: a bad frame, a body cut short or a digest
 * mismatch anywhere stores none of the request's objects.
 */
export function putBatch(store: Store): RequestHandler {
  return async (req, res) => {
    const frames: Frame[] = [];
    try {
      // Frames are views of the request's buffers, which are not reused: holding them copies nothing.
      for await (const frame of readFrames(requestBody(req, objectLimits.maxBatchBytes), objectLimits.maxObjectBytes)) frames.push(frame);
    } catch (err) {
      await drainRequest(req);
      throw err;
    }
    const { stored, existing } = await store.objects.putBatch(frames);
    res.status(200).json({ stored, existing });
  };
}
