import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { isLoopbackAddress } from './isLoopbackAddress.js';
import { LocalWritesRefusedError } from './LocalWritesRefusedError.js';

/**
 * `POST /objects/adopt` `{ "file": "<name>.pack" }`: stores the objects of a
 * pack that the client wrote into the staging folder (`POST /objects/stage`),
 * after checking every one against its digest, as `POST /objects/batch` stores
 * a request's (FsObjectStore.adoptPack). All or nothing per pack; the staged
 * file is removed either way.
 */
export function adoptStagedPack(store: Store, offered: boolean): RequestHandler {
  return async (req, res) => {
    const body = new BodyFields(req.body);
    const file = body.string('file');
    body.done();
    if (!offered) throw new LocalWritesRefusedError('this server runs with --no-local-writes');
    if (!isLoopbackAddress(req.socket.remoteAddress)) throw new LocalWritesRefusedError('the client is not on this machine');
    let result: { stored: number; existing: number };
    try {
      result = await store.objects.adoptPack(file);
    } catch (err) {
      // A file this server may not read or link (a client running as root, with the
      // kernel's protected hard links) or a staging folder on another filesystem: the
      // client can still upload, so tell it to.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EXDEV') throw new LocalWritesRefusedError(`the server cannot take over the staged file (${code})`);
      throw err;
    }
    res.status(200).json(result);
  };
}
