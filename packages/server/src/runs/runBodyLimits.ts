/** JSON body limits of the run routes (the store checks the fields' own limits). */
export const runBodyLimits = {
  /** A config at its 256 KiB maximum, plus name and job type. */
  init: 512 * 1024,
  /** 10 000 rows of a few dozen keys; a bigger batch should be split by the client. */
  metrics: 8 * 1024 * 1024,
  /** Summary overrides (64 KiB) and the state. */
  finish: 128 * 1024,
  input: 16 * 1024,
} as const;
