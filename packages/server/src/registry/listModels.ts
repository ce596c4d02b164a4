import { InvalidArgumentError, listRegisteredModels, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';

const FILTERS = ['search', 'tag', 'alias'] as const;

/** `GET /registry/{entity}/models[?search=][&tag=][&alias=]`: a team's registered models by name. */
export function listModels(store: Store): RequestHandler {
  return (req, res) => {
    const { entity } = req.params;
    validateName('entity', entity);
    const filter: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) {
      if (!(FILTERS as readonly string[]).includes(key)) throw new InvalidArgumentError(key, 'unknown query parameter (search, tag, alias)');
      if (typeof value !== 'string') throw new InvalidArgumentError(key, 'must be given once');
      filter[key] = value;
    }
    res.status(200).json({ models: listRegisteredModels(store, entity, filter) });
  };
}
