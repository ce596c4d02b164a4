import { linkVersion, parseRef, REGISTRY_PROJECT, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireAliasChange } from '../auth/requireAliasChange.js';
import { requireRole } from '../auth/requireRole.js';
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
    const registry = { entity, project: REGISTRY_PROJECT, name };
    const caller = callerOf(res);
    // The source may be another team's, if the caller can read it.
    requireRole(store, caller, source.entity, 'viewer', 'read');
    requireAliasChange(store, caller, registry, aliases ?? []);
    const result = await linkVersion(store, {
      source,
      registry,
      aliases,
      reason,
      actor: actorOf(res),
    });
    res.status(result.created ? 201 : 200).json(result);
  };
}
