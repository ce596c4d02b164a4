import { linkVersion, parseRef, REGISTRY_PROJECT, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { aliasLimits } from '../aliases/aliasLimits.js';

/**
 * `POST /registry/{entity}/{name}/links`: links an artifact version into the
 * team's registered model `entity/model-registry/name`. No bytes are copied:
 * the new registry version points at the source version's digest.
 */
export function postLink(store: Store): RequestHandler {
  return async (req, res) => {
    const { entity, name } = req.params;
    validateName('entity', entity);
    validateName('name', name);
    const body = new BodyFields(req.body);
    const source = parseRef(body.string('source'));
    const aliases = body.optionalStringArray('aliases', 100);
    const reason = body.optionalString('reason', aliasLimits.maxReasonBytes);
    body.done();
    const result = await linkVersion(store, {
      source,
      registry: { entity, project: REGISTRY_PROJECT, name },
      aliases,
      reason,
      actor: actorOf(res),
    });
    res.status(result.created ? 201 : 200).json(result);
  };
}
