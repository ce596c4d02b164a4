import { ArcaError } from './ArcaError.js';

/**
 * The caller is known and may see the thing, but not do this to it. HTTP 403.
 * `needed` is what would allow it: a team role (`member`, `admin`), `site-admin`,
 * or `writable-key` (the request came with a read-only key).
 */
export class ForbiddenError extends ArcaError<{ action: string; needed: string; entity: string | null }> {
  static readonly code = 'Forbidden';
  constructor(action: string, needed: string, entity: string | null = null) {
    // Object uploads name no team (objects are shared, decision 017): any team will do.
    const team = entity === null ? 'some team' : `team ${entity}`;
    const what = needed === 'writable-key' ? 'a key that is not read-only' : needed === 'site-admin' ? 'a site admin' : `the ${needed} role in ${team}`;
    super(ForbiddenError.code, `forbidden: ${action} needs ${what}`, { action, needed, entity });
  }
}
