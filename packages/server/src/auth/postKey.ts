import { NotFoundError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { BodyFields } from '../http/BodyFields.js';
import { authLimits } from './authLimits.js';
import { callerOf } from './callerOf.js';
import { generateApiKey } from './generateApiKey.js';
import { keyJson } from './keyJson.js';
import { requireOwnOrSiteAdmin } from './requireOwnOrSiteAdmin.js';
import { validateUserName } from './validateUserName.js';

/**
 * `POST /keys`: a new API key for the caller, or (site admins) for `user`.
 * The answer carries the key itself (`secret`) once; the server keeps only its hash.
 */
export function postKey(store: Store): RequestHandler {
  return (req, res) => {
    const caller = callerOf(res);
    const body = new BodyFields(req.body);
    const userName = body.optionalString('user') ?? caller.name;
    const readOnly = body.optionalBoolean('readOnly') ?? false;
    const description = body.optionalString('description', authLimits.maxDescriptionBytes) ?? '';
    body.done();
    validateUserName(userName);
    requireOwnOrSiteAdmin(caller, userName, userName === caller.name ? 'create keys' : 'create keys of another user', 'write');
    const user = store.access.userByName(userName);
    if (!user) throw new NotFoundError('user', userName);
    const k = generateApiKey();
    const row = { id: k.id, user_id: user.id, hash: k.hash, read_only: readOnly ? 1 : 0, description, created_at: new Date().toISOString(), revoked_at: null } as const;
    store.access.insertKey(row);
    res.status(201).json({ key: keyJson(row, user.name), secret: k.key });
  };
}
