/** Limits of the alias routes' JSON bodies. */
export const aliasLimits = {
  bodyBytes: 64 * 1024,
  maxReasonBytes: 4096,
} as const;
