import { ForbiddenError } from '@arca/store';
import type { Caller } from './Caller.js';
import { requireSiteAdmin } from './requireSiteAdmin.js';

/** Users manage their own keys; site admins anyone's. A change also needs a writable key. */
export function requireOwnOrSiteAdmin(caller: Caller, userName: string, action: string, access: 'read' | 'write'): void {
  if (userName !== caller.name) return requireSiteAdmin(caller, action, access);
  if (access === 'write' && caller.readOnly) throw new ForbiddenError(action, 'writable-key');
}
