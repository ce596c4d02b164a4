import type { Response } from 'express';

/** The actor readActor() put on the response; typed in one place. */
export function actorOf(res: Response): string {
  return res.locals.actor as string;
}
