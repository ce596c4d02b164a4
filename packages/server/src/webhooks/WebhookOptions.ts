/** How deliveries are made; tests shorten the timings. */
export interface WebhookOptions {
  /** CIDR ranges (or single addresses) webhooks may reach although private, loopback or link-local. */
  allow?: readonly string[];
  /** Wait after the first failed attempt; doubles after each further one. Default 10 s. */
  backoffMs?: number;
  /** Longest wait between attempts. Default 1 h. */
  maxBackoffMs?: number;
  /** Attempts before a delivery is `failed`. Default 8. */
  maxAttempts?: number;
  /** One attempt's time limit, connect to last byte of the answer. Default 10 s. */
  timeoutMs?: number;
  /** Deliveries in flight at once. Default 4. */
  concurrency?: number;
}
