import type { Store } from '@arca/store';
import { resolve } from 'node:path';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { isLoopbackAddress } from './isLoopbackAddress.js';

/**
 * `POST /objects/stage`: the folder where a client on this machine may write
 * packs for `POST /objects/adopt`, instead of sending their bytes through two
 * HTTP stacks (decision 024). Offered only to loopback peers and only when the
 * server allows it; otherwise `dir` is null and the client uploads as usual.
 * The folder is the owner's alone: a client that cannot write there (another
 * user) uploads as usual too.
 */
export function stagingFolder(store: Store, offered: boolean): RequestHandler {
  return async (req, res) => {
    new BodyFields(req.body).done();
    if (!offered || !isLoopbackAddress(req.socket.remoteAddress)) {
      res.status(200).json({ dir: null });
      return;
    }
    res.status(200).json({ dir: resolve(await store.objects.openStaging()) });
  };
}
