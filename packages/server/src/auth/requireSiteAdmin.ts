import { ForbiddenError } from '@arca/store';
import type { Caller } from './Caller.js';

/** Throws 403 unless the caller is a site admin with a writable key (or `read`: any key of a site admin). */
export function requireSiteAdmin(caller: Caller, action: string, access: 'read' | 'write' = 'write'): void {
  if (!caller.siteAdmin) throw new ForbiddenError(action, 'site-admin');
  if (access === 'write' && caller.readOnly) throw new ForbiddenError(action, 'writable-key');
}
