import { ArcaError, InvalidArgumentError } from '@arca/store';
import type { ErrorRequestHandler } from 'express';
import { drainRequest } from './drainRequest.js';
import { errorStatus } from './errorStatus.js';
import { InvalidJsonError } from './InvalidJsonError.js';
import { PayloadTooLargeError } from './PayloadTooLargeError.js';
import { sendError } from './sendError.js';

/** What express and body-parser throw for a bad request; they mark it with a 4xx `status` and a `type`. */
interface HttpishError {
  status?: unknown;
  type?: unknown;
  limit?: unknown;
  message?: unknown;
}

/** Turns the errors of express' own layers into the API's typed errors, so that one table decides statuses. */
function fromHttpLayer(err: unknown): ArcaError | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as HttpishError;
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.type === 'entity.parse.failed') return new InvalidJsonError(String(e.message));
  if (e.type === 'entity.too.large' || e.status === 413) return new PayloadTooLargeError(typeof e.limit === 'number' ? e.limit : 0);
  // URIError from decoding a malformed %-escape in the path, aborted uploads, unsupported encodings.
  if (err instanceof URIError) return new InvalidArgumentError('path', 'malformed percent-encoding');
  return new InvalidArgumentError('request', typeof e.type === 'string' ? e.type : 'malformed request');
}

/**
 * The single place where errors become HTTP responses. Typed errors keep their
 * code and data; anything else is logged and answered with a generic 500, so no
 * stack, file path or SQL ever reaches a client.
 */
export function createErrorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const typed = err instanceof ArcaError ? err : fromHttpLayer(err);
    const status = typed ? errorStatus[typed.code] : undefined;
    if (!typed || status === undefined || typed.code === 'CorruptObject') log(err);
    if (res.headersSent) {
      // A streamed response cannot change its status any more; cutting the
      // connection is the only way to tell the client the body is incomplete.
      res.destroy();
      return;
    }
    const send = () => {
      if (typed && status !== undefined) {
        // Both schemes are accepted; naming Basic makes git and curl send the key as a password when asked.
        if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="arca", Basic realm="arca", charset="UTF-8"');
        sendError(res, status, typed.code, typed.message, typed.data);
      } else {
        sendError(res, 500, 'Internal', 'internal server error', {});
      }
    };
    // A request refused before its body was read (no key, not allowed) still has
    // that body on the socket; it is read and dropped first, so the client sees
    // the answer instead of a stalled upload and the connection stays usable.
    if (req.complete) send();
    else void drainRequest(req).then(send);
  };
}
