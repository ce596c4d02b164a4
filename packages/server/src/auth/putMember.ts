import { InvalidArgumentError, NotFoundError, ROLES, type Role, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { teamFromParams } from './teamFromParams.js';
import { validateUserName } from './validateUserName.js';

/** `PUT /teams/{entity}/members/{user}` (team admins): adds the user with a role, or changes the role. */
export function putMember(store: Store): RequestHandler {
  return (req, res) => {
    const team = teamFromParams(store, req.params);
    const userName = req.params.user;
    validateUserName(userName);
    const body = new BodyFields(req.body);
    const role = body.string('role');
    body.done();
    if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError('role', `must be one of ${ROLES.join(', ')}`);
    const user = store.access.userByName(userName);
    if (!user) throw new NotFoundError('user', userName);
    store.access.setRole(team.id, user.id, role as Role);
    res.status(200).json({ member: { team: team.name, user: user.name, role } });
  };
}
