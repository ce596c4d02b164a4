import type { Response } from 'express';
import { callerOf } from '../auth/callerOf.js';

/** Who the ref log records for this request: the name of the user whose API key authenticated it. */
export function actorOf(res: Response): string {
  return callerOf(res).name;
}
