import { ArcaError } from './ArcaError.js';

/** No credentials, or credentials that name no live key. HTTP 401. */
export class UnauthenticatedError extends ArcaError<{ reason: 'missing' | 'malformed' | 'unknown' | 'revoked' }> {
  static readonly code = 'Unauthenticated';
  constructor(reason: 'missing' | 'malformed' | 'unknown' | 'revoked') {
    const why = {
      missing: 'no API key sent (Authorization: Bearer <key>, or the key as HTTP basic password)',
      malformed: 'Authorization header is malformed (expected "Bearer <key>" or "Basic <base64 user:key>")',
      unknown: 'API key is not known to this server',
      revoked: 'API key has been revoked',
    }[reason];
    super(UnauthenticatedError.code, `not authenticated: ${why}`, { reason });
  }
}
