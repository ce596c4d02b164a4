/** Limits of the registered-model routes' JSON bodies. */
export const modelLimits = {
  /** The card (256 KiB) and metadata (1 MiB) at their maximum, plus the rest; each is checked on its own too. */
  bodyBytes: 2 * 1024 * 1024,
  maxTags: 100,
  maxReasonBytes: 4096,
} as const;
