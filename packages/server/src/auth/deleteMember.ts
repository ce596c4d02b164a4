import { NotFoundError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { teamFromParams } from './teamFromParams.js';
import { validateUserName } from './validateUserName.js';

/** `DELETE /teams/{entity}/members/{user}` (team admins): removes the user from the team. */
export function deleteMember(store: Store): RequestHandler {
  return (req, res) => {
    const team = teamFromParams(store, req.params);
    const userName = req.params.user;
    validateUserName(userName);
    const user = store.access.userByName(userName);
    const role = user ? store.access.removeMember(team.id, user.id) : undefined;
    if (!user || role === undefined) throw new NotFoundError('member', `${team.name}/${userName}`);
    res.status(200).json({ removed: { team: team.name, user: user.name, role } });
  };
}
