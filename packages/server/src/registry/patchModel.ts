import { updateRegisteredModel, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireRole } from '../auth/requireRole.js';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { modelFromParams } from './modelFromParams.js';
import { modelLimits } from './modelLimits.js';

/** `PATCH /registry/{entity}/models/{name}` `{description?, metadata?, protectedAliases?, reason?}`: edits the card. */
export function patchModel(store: Store): RequestHandler {
  return (req, res) => {
    const model = modelFromParams(req.params);
    const body = new BodyFields(req.body);
    const description = body.optionalString('description');
    const metadata = body.optionalObject('metadata');
    const protectedAliases = body.optionalStringArray('protectedAliases', modelLimits.maxTags);
    const reason = body.optionalString('reason', modelLimits.maxReasonBytes);
    body.done();
    // Which aliases only admins may move is itself an admin's choice.
    if (protectedAliases !== undefined) requireRole(store, callerOf(res), model.entity, 'admin', 'change protected aliases');
    res.status(200).json(updateRegisteredModel(store, { model, description, metadata, protectedAliases, reason, actor: actorOf(res) }));
  };
}
