/** Limits of the access routes' JSON bodies. */
export const authLimits = {
  bodyBytes: 16 * 1024,
  maxDescriptionBytes: 256,
  maxProtectedAliases: 100,
} as const;
