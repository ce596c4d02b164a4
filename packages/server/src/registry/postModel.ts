import { createRegisteredModel, REGISTRY_PROJECT, validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireRole } from '../auth/requireRole.js';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { modelLimits } from './modelLimits.js';

/**
 * `POST /registry/{entity}/models` `{name, type?, description?, metadata?, tags?, protectedAliases?, reason?}`:
 * creates an empty registered model with its card; 409 AlreadyExists if the name is taken.
 */
export function postModel(store: Store): RequestHandler {
  return (req, res) => {
    const { entity } = req.params;
    validateName('entity', entity);
    const body = new BodyFields(req.body);
    const name = body.string('name');
    const type = body.optionalString('type');
    const description = body.optionalString('description');
    const metadata = body.optionalObject('metadata');
    const tags = body.optionalStringArray('tags', modelLimits.maxTags);
    const protectedAliases = body.optionalStringArray('protectedAliases', modelLimits.maxTags);
    const reason = body.optionalString('reason', modelLimits.maxReasonBytes);
    body.done();
    // Which aliases only admins may move is itself an admin's choice.
    if (protectedAliases !== undefined) requireRole(store, callerOf(res), entity, 'admin', 'change protected aliases');
    const model = createRegisteredModel(store, {
      model: { entity, project: REGISTRY_PROJECT, name },
      type,
      description,
      metadata,
      tags,
      protectedAliases,
      reason,
      actor: actorOf(res),
    });
    res.status(201).json({ model });
  };
}
