import { InvalidArgumentError, listCollections, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';

/** `GET /projects/{entity}/{project}/collections[?tag=]` */
export function listProjectCollections(store: Store): RequestHandler {
  return (req, res) => {
    const { entity, project } = req.params;
    validateName('entity', entity);
    validateName('project', project);
    const { tag } = req.query;
    if (tag !== undefined && typeof tag !== 'string') throw new InvalidArgumentError('tag', 'must be given once');
    res.status(200).json({ collections: listCollections(store, entity, project, tag === undefined ? {} : { tag }) });
  };
}
