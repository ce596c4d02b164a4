/** Limits of the webhook routes. */
export const webhookLimits = {
  bodyBytes: 16 * 1024,
  maxUrlBytes: 2048,
  maxPatternBytes: 128,
  minSecretBytes: 16,
  maxSecretBytes: 256,
  maxTypes: 20,
  /** Webhooks per entity. */
  maxWebhooks: 50,
  /** Deliveries listed at most per request (newest first). */
  maxDeliveriesListed: 500,
} as const;
