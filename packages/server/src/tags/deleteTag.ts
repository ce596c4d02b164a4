import { changeTags, validateTag, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { queryReason } from '../http/queryReason.js';
import { tagTargetOf } from './tagTargetOf.js';

/** `DELETE /collections/{e}/{p}/{n}[/versions/{version}]/tags/{tag}[?reason=]`: 404 if it does not carry the tag. */
export function deleteTag(store: Store): RequestHandler {
  return (req, res) => {
    const target = tagTargetOf(req.params);
    const tag = req.params.tag;
    validateTag(tag);
    const reason = queryReason(req.query);
    res.status(200).json(changeTags(store, { target, remove: [tag], reason, actor: actorOf(res) }));
  };
}
