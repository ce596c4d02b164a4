/** The limits of an offline version's JSON body (everything else is in the uploaded version object). */
export const offlineLimits = {
  bodyBytes: 64 * 1024,
  maxAliases: 100,
  maxReasonBytes: 4096,
} as const;
