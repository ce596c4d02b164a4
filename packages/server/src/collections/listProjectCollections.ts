import { listCollections, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';

/** `GET /projects/{entity}/{project}/collections` */
export function listProjectCollections(store: Store): RequestHandler {
  return (req, res) => {
    const { entity, project } = req.params;
    validateName('entity', entity);
    validateName('project', project);
    res.status(200).json({ collections: listCollections(store, entity, project) });
  };
}
