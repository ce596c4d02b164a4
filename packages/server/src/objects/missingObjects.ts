import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { checkDigestList } from './checkDigestList.js';
import { findMissing } from './findMissing.js';
import { objectLimits } from './objectLimits.js';

/** `POST /objects/missing`: which of these digests the server lacks, in request order, without duplicates. */
export function missingObjects(store: Store): RequestHandler {
  return async (req, res) => {
    const body = new BodyFields(req.body);
    const digests = body.stringArray('digests', objectLimits.maxMissingDigests);
    body.done();
    checkDigestList(digests);
    res.status(200).json({ missing: await findMissing(store.objects, digests) });
  };
}
