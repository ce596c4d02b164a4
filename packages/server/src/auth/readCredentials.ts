import { UnauthenticatedError } from '@arca/store';
import type { IncomingHttpHeaders } from 'node:http';

const TOKEN = /^[\x21-\x7e]{1,512}$/;

/**
 * The API key a request carries: `Authorization: Bearer <key>`, or HTTP basic
 * with the key as password (the user name is ignored), which is what git and
 * most HTTP tools send. Undefined when there is no Authorization header.
 */
export function readCredentials(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers.authorization;
  if (raw === undefined) return undefined;
  const match = /^(\S+) +(\S+)$/.exec(raw.trim());
  if (!match) throw new UnauthenticatedError('malformed');
  const scheme = match[1]!.toLowerCase();
  let key: string;
  if (scheme === 'bearer') {
    key = match[2]!;
  } else if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(match[2]!)) throw new UnauthenticatedError('malformed');
    const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new UnauthenticatedError('malformed');
    key = decoded.slice(colon + 1);
  } else {
    throw new UnauthenticatedError('malformed');
  }
  if (!TOKEN.test(key)) throw new UnauthenticatedError('malformed');
  return key;
}
