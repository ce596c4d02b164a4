import { ArcaError, InvalidArgumentError, type Store } from '@arca/store';
import type { RequestHandler, Response } from 'express';
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
export function fetchObjects(store: Store): RequestHandler {
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

    const reads: Promise<Buffer>[] = [];
    const readUpTo = (n: number) => {
      while (reads.length < Math.min(n, digests.length)) {
        const p = store.objects.get(digests[reads.length]!);
        p.catch(() => {}); // awaited in order below; this only keeps a later failure from being "unhandled" meanwhile
        reads.push(p);
      }
    };
    readUpTo(READ_AHEAD);
    if (digests.length > 0) await reads[0];

    res.status(200);
    res.setHeader('Content-Type', OBJECTS_MEDIA_TYPE);
    res.setHeader('Content-Length', total + FRAME_HEADER_BYTES * digests.length);
    for (let i = 0; i < digests.length; i++) {
      readUpTo(i + 1 + READ_AHEAD);
      const bytes = await reads[i]!;
      reads[i] = undefined as unknown as Promise<Buffer>; // let sent objects be collected
      if (res.destroyed) return;
      res.write(encodeFrameHeader(digests[i]!, bytes.length));
      if (!res.write(bytes)) await waitForDrain(res);
    }
    res.end();
  };
}
