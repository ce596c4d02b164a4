import type { Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { callerOf } from './callerOf.js';
import { requireSiteAdmin } from './requireSiteAdmin.js';
import { userJson } from './userJson.js';
import { validateUserName } from './validateUserName.js';

/** `POST /users` (site admins): creates a user, or a service account for a machine. It has no key yet. */
export function postUser(store: Store): RequestHandler {
  return (req, res) => {
    requireSiteAdmin(callerOf(res), 'create users');
    const body = new BodyFields(req.body);
    const name = body.string('name');
    const serviceAccount = body.optionalBoolean('serviceAccount') ?? false;
    body.done();
    validateUserName(name);
    const user = store.access.createUser(name, { serviceAccount, siteAdmin: false }, new Date().toISOString());
    res.status(201).json({ user: userJson(user) });
  };
}
