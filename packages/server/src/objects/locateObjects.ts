import type { Store } from '@arca/store';
import { resolve } from 'node:path';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { checkDigestList } from './checkDigestList.js';
import { isLoopbackAddress } from './isLoopbackAddress.js';
import { objectLimits } from './objectLimits.js';

/**
 * `POST /objects/locate`: where the server's files hold these objects, for a
 * client on this machine that reads them itself instead of receiving them
 * through two HTTP stacks (decision 022). Offered only to loopback peers and
 * only when the server allows it; otherwise `dir` is null and the list empty,
 * and the client fetches as usual. Objects not stored are left out (a fetch
 * reports them). Nothing is verified here: the client hashes what it reads.
 */
export function locateObjects(store: Store, offered: boolean): RequestHandler {
  return async (req, res) => {
    const body = new BodyFields(req.body);
    const digests = body.stringArray('digests', objectLimits.maxFetchDigests);
    body.done();
    checkDigestList(digests);
    if (!offered || !isLoopbackAddress(req.socket.remoteAddress)) {
      res.status(200).json({ dir: null, objects: [] });
      return;
    }
    const found = store.objects.locate(digests);
    res.status(200).json({ dir: resolve(store.objects.objectsDir), objects: [...found].map(([digest, at]) => ({ digest, ...at })) });
  };
}
