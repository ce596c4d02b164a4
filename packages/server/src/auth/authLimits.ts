/** Limits of the access routes' JSON bodies. */
export const authLimits = {
  bodyBytes: 16 * 1024,
  maxDescriptionBytes: 256,
} as const;
