import type { Response } from 'express';
import type { Caller } from './Caller.js';

/** The Caller authenticate() put on the response; typed in one place. */
export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}
