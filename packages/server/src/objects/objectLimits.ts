import { MAX_OBJECT_SIZE } from '@arca/store';

/** The limits of docs/api.md for the object routes. */
export const objectLimits = {
  /** One object, and also a whole batch upload or fetch answer. */
  maxObjectBytes: MAX_OBJECT_SIZE,
  maxBatchBytes: MAX_OBJECT_SIZE,
  maxFetchBytes: MAX_OBJECT_SIZE,
  maxMissingDigests: 100_000,
  maxFetchDigests: 10_000,
  /** JSON bodies: 100 000 digests of 71 characters plus quotes and commas fit. */
  missingBodyBytes: 8 * 1024 * 1024,
  fetchBodyBytes: 1024 * 1024,
} as const;
