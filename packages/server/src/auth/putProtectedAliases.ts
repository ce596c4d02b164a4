import { REGISTRY_PROJECT, validateAlias, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { authLimits } from './authLimits.js';

/**
 * `PUT /registry/{entity}/{name}/protected-aliases` (team admins): replaces the
 * set of protected aliases of a registered model (it need not exist yet, so the
 * rule is in place before the first link). An empty list protects nothing.
 */
export function putProtectedAliases(store: Store): RequestHandler {
  return (req, res) => {
    const { entity, name } = req.params;
    validateName('entity', entity);
    validateName('name', name);
    const body = new BodyFields(req.body);
    const aliases = body.stringArray('aliases', authLimits.maxProtectedAliases);
    body.done();
    aliases.forEach(validateAlias);
    const unique = [...new Set(aliases)].sort();
    store.access.setProtectedAliases({ entity, project: REGISTRY_PROJECT, name }, unique, new Date().toISOString());
    res.status(200).json({ collection: `${entity}/${REGISTRY_PROJECT}/${name}`, aliases: unique, default: false });
  };
}
