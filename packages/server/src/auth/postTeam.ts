import { validateName, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { callerOf } from './callerOf.js';
import { requireSiteAdmin } from './requireSiteAdmin.js';

/** `POST /teams` (site admins): creates a team, the `entity` of names. Members are added with PUT .../members/{user}. */
export function postTeam(store: Store): RequestHandler {
  return (req, res) => {
    requireSiteAdmin(callerOf(res), 'create teams');
    const body = new BodyFields(req.body);
    const name = body.string('name');
    body.done();
    validateName('entity', name);
    const team = store.access.createTeam(name, new Date().toISOString());
    res.status(201).json({ team: { name: team.name, createdAt: team.created_at } });
  };
}
