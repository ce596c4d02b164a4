import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { drainRequest } from '../http/drainRequest.js';
import { requestBody } from '../http/requestBody.js';
import { checkDigestParam } from './checkDigestParam.js';
import { objectLimits } from './objectLimits.js';

/**
 * `PUT /objects/{digest}`: streams the body to a temp file while hashing it;
 * the object appears only if the digest matches. Never buffered whole, so a
 * 64 MiB chunk costs 1 MiB of memory.
 */
export function putObject(store: Store): RequestHandler {
  return async (req, res) => {
    const digest = checkDigestParam(req.params.digest);
    try {
      // missing(), not has(): an upload of a stored object is a use of it, and
      // missing() refreshes its age for garbage collection (decision 009).
      if (store.objects.missing([digest]).length === 0) {
        // Content addressing: the bytes can only be what is already stored.
        for await (const _ of requestBody(req, objectLimits.maxObjectBytes));
        res.status(200).json({ digest, stored: false });
        return;
      }
      const stored = await store.objects.putStream(digest, requestBody(req, objectLimits.maxObjectBytes), objectLimits.maxObjectBytes);
      res.status(stored ? 201 : 200).json({ digest, stored });
    } catch (err) {
      await drainRequest(req);
      throw err;
    }
  };
}
