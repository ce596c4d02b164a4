import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * GET over http or https, accepting the self-signed serving certificates the
 * components generate in their temp dirs. Resolves with status and body, or
 * rejects on a connection failure.
 */
export function insecureGet(url: string, token?: string, timeoutMs = 5_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method: 'GET', rejectUnauthorized: false, timeout: timeoutMs, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
