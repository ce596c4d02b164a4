import { findTagged, type Store } from '@arca/store';
import type { RequestHandler } from 'express';

/** `GET /tags/{entity}/{tag}`: every collection and version of the team carrying the tag. */
export function getTagged(store: Store): RequestHandler {
  return (req, res) => {
    const { entity, tag } = req.params;
    res.status(200).json(findTagged(store, entity as string, tag as string));
  };
}
