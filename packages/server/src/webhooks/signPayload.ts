import { createHmac } from 'node:crypto';

/**
 * The `Arca-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" under the webhook's secret>` (Stripe's scheme). Signing the
 * timestamp with the body lets a receiver refuse replays of old deliveries.
 */
export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
