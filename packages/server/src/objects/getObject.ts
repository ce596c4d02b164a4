import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { cutStalledTransfer } from '../http/cutStalledTransfer.js';
import { checkDigestParam } from './checkDigestParam.js';

/**
 * `GET /objects/{digest}`: reads and re-hashes the object before the first byte
 * goes out, so a damaged object is a 500 CorruptObject and never served. An
 * object never changes, so the caller's own cache may keep it forever.
 */
export function getObject(store: Store, stalledTransferMs: number): RequestHandler {
  return async (req, res) => {
    const digest = checkDigestParam(req.params.digest);
    // A recycled buffer (getPooled): fresh ones per object cost the server more in GC than in reading.
    const { bytes, release } = await store.objects.getPooled(digest);
    cutStalledTransfer(res, stalledTransferMs);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', bytes.length);
    // private: the answer needed a key; a shared cache (proxy, CDN) must not replay it to requests without one.
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('ETag', `"${digest}"`);
    // Given back only once the socket is done with the bytes; on error it is left to the GC.
    res.end(bytes, (err?: Error | null) => {
      if (!err) release();
    });
  };
}
