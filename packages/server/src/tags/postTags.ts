import { changeTags, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { tagTargetOf } from './tagTargetOf.js';

/**
 * `POST /collections/{e}/{p}/{n}/tags` and `.../versions/{version}/tags`
 * `{tags: [..], reason?}`: adds tags (those already there are kept, not an error).
 */
export function postTags(store: Store): RequestHandler {
  return (req, res) => {
    const target = tagTargetOf(req.params);
    const body = new BodyFields(req.body);
    const tags = body.stringArray('tags', 100);
    const reason = body.optionalString('reason', 4096);
    body.done();
    res.status(200).json(changeTags(store, { target, add: tags, reason, actor: actorOf(res) }));
  };
}
