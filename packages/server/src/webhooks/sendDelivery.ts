import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { TargetPolicy } from './TargetPolicy.js';

export interface SendResult {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
}

/**
 * POSTs one delivery. A fresh connection each time (no agent): the address it
 * connects to is the one the policy just checked. Redirects are not followed
 * (a 3xx is a failed attempt), so a target cannot bounce the request inward.
 */
export function sendDelivery(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: TargetPolicy,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve({ status: null, error: 'invalid URL' });
    }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const why = policy.refusal(host);
      if (why) return resolve({ status: null, error: `webhook target ${url} refused: ${host} is ${why}` });
    }
    const mod = u.protocol === 'https:' ? https : http;
    const bytes = Buffer.from(body);
    const req = mod.request(u, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': bytes.length },
      lookup: policy.lookup(url) as never,
      signal,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      // The answer's body is not kept; reading it lets the connection close cleanly.
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, error: null }));
      res.on('error', (err) => done({ status: res.statusCode ?? 0, error: err.message }));
    });
    req.on('error', (err) => done({ status: null, error: err.message }));
    req.end(bytes);
  });
}
