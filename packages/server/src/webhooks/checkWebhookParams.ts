import { InvalidArgumentError, validateName } from '@arca/store';
import type { Request } from 'express';

const ID = /^wh_[0-9a-f]{24}$/;

/** The entity and, when the route has one, the webhook id of the path. */
export function checkWebhookParams(req: Request): { entity: string; id: string } {
  const { entity, id } = req.params as { entity: string; id?: string };
  validateName('entity', entity);
  if (id !== undefined && !ID.test(id)) throw new InvalidArgumentError('webhook id', 'must look like wh_ followed by 24 hex digits');
  return { entity, id: id ?? '' };
}
