import { describeRetention, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { collectionFromParams } from '../http/collectionFromParams.js';

/** `GET /collections/{e}/{p}/{n}/retention`: the default TTL and each version's TTL and expiry. */
export function getRetention(store: Store): RequestHandler {
  return (req, res) => {
    res.status(200).json(describeRetention(store, collectionFromParams(req.params)));
  };
}
