import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { teamFromParams } from './teamFromParams.js';

/** `GET /teams/{entity}` (any member): the team and its members with their roles. */
export function getTeam(store: Store): RequestHandler {
  return (req, res) => {
    const team = teamFromParams(store, req.params);
    const members = store.access.members(team.id).map((m) => ({ user: m.user, role: m.role, serviceAccount: m.service_account === 1 }));
    res.status(200).json({ team: { name: team.name, createdAt: team.created_at }, members });
  };
}
