import { REGISTRY_PROJECT, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { protectedAliasesOf } from './protectedAliasesOf.js';

/** `GET /registry/{entity}/{name}/protected-aliases` (any member): the aliases only team admins may move. */
export function getProtectedAliases(store: Store): RequestHandler {
  return (req, res) => {
    const { entity, name } = req.params;
    validateName('entity', entity);
    validateName('name', name);
    const collection = { entity, project: REGISTRY_PROJECT, name };
    res.status(200).json({
      collection: `${entity}/${REGISTRY_PROJECT}/${name}`,
      aliases: protectedAliasesOf(store, collection),
      default: store.access.protectedAliases(collection) === undefined,
    });
  };
}
