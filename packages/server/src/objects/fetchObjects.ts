import { ArcaError, InvalidArgumentError, PackReadHandles, type Store } from '@arca/store';
import type { RequestHandler, Response } from 'express';
import { cutStalledTransfer } from '../http/cutStalledTransfer.js';
import { BodyFields } from '../http/BodyFields.js';
import { checkDigestList } from './checkDigestList.js';
import { encodeFrameHeader } from './encodeFrameHeader.js';
import { findMissing } from './findMissing.js';
import { FRAME_HEADER_BYTES } from './FRAME_HEADER_BYTES.js';
import { objectLimits } from './objectLimits.js';
import { OBJECTS_MEDIA_TYPE } from './OBJECTS_MEDIA_TYPE.js';

/** Objects read and verified ahead of the one being sent, so disk reads overlap the network. */
const READ_AHEAD = 16;

function waitForDrain(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * `POST /objects/fetch`: many objects in one framed response, in request order
 * (one frame per requested digest). Everything is checked to exist before the
 * status is sent, and the first object is verified before it too, so the
 * common failures are proper JSON errors. Each later object is verified before
 * it is written; if one turns out corrupt the connection is cut, so a client
 * sees a short body (Content-Length tells) and never unverified bytes.
 */
export function fetchObjects(store: Store, stalledTransferMs: number): RequestHandler {
  return async (req, res) => {
    const body = new BodyFields(req.body);
    const digests = body.stringArray('digests', objectLimits.maxFetchDigests);
    body.done();
    checkDigestList(digests);
    const missing = await findMissing(store.objects, digests);
    if (missing.length > 0) {
      throw new ArcaError('NotFound', `${missing.length} object(s) not found, first ${missing[0]}`, {
        kind: 'object',
        name: missing[0],
        missing: missing.slice(0, 100),
      });
    }
    const sizes = await Promise.all(digests.map((d) => store.objects.size(d)));
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total > objectLimits.maxFetchBytes) {
      throw new InvalidArgumentError('digests', `objects add up to ${total} bytes, more than ${objectLimits.maxFetchBytes}; fetch fewer at once`);
    }

    // Recycled buffers (getPooled), each given back once its write has gone to the socket.
    type Pooled = { bytes: Buffer; release: () => void };
    const reads: Promise<Pooled>[] = [];
    // Each pack opened once for the whole response, not once per object; closed when every read has settled.
    const packs = new PackReadHandles();
    const readUpTo = (n: number) => {
      while (reads.length < Math.min(n, digests.length)) {
        const p = store.objects.getPooled(digests[reads.length]!, packs);
        p.catch(() => {}); // awaited in order below; this only keeps a later failure from being "unhandled" meanwhile
        reads.push(p);
      }
    };
    // Read-ahead buffers never sent (a cut connection, a corrupt object) go back to the pool.
    let sent = 0;
    const releaseUnsent = () => {
      for (let i = sent; i < reads.length; i++) reads[i]!.then((o) => o.release(), () => {});
    };
    res.on('close', releaseUnsent);
    cutStalledTransfer(res, stalledTransferMs);
    try {
      readUpTo(READ_AHEAD);
      if (digests.length > 0) await reads[0];

      res.status(200);
      res.setHeader('Content-Type', OBJECTS_MEDIA_TYPE);
      res.setHeader('Content-Length', total + FRAME_HEADER_BYTES * digests.length);
      for (let i = 0; i < digests.length; i++) {
        readUpTo(i + 1 + READ_AHEAD);
        const { bytes, release } = await reads[i]!;
        if (res.destroyed) {
          release();
          return;
        }
        sent = i + 1;
        res.write(encodeFrameHeader(digests[i]!, bytes.length));
        const flushed = res.write(bytes, (err?: Error | null) => {
          if (!err) release();
        });
        if (!flushed) await waitForDrain(res);
      }
      res.end();
    } finally {
      await Promise.allSettled(reads);
      await packs.close();
    }
  };
}
