/** The limits of a version commit's JSON body. */
export const commitLimits = {
  /** metadata (1 MiB) and description (256 KiB) at their maximum, plus the rest. */
  bodyBytes: 2 * 1024 * 1024,
  maxAliases: 100,
  maxReasonBytes: 4096,
} as const;
