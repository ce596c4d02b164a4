import { createRun, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';

/** `POST /runs/{entity}/{project}`: starts a run; 201 `{run}` with the server-assigned id. */
export function postRun(store: Store): RequestHandler {
  return (req, res) => {
    const body = new BodyFields(req.body);
    const input = {
      entity: req.params.entity as string,
      project: req.params.project as string,
      name: body.optionalString('name'),
      jobType: body.optionalString('jobType'),
      config: body.optionalObject('config'),
      actor: actorOf(res),
    };
    body.done();
    res.status(201).json({ run: createRun(store, input) });
  };
}
