/** Bounds on what a run may hold; each is checked before anything is written. */
export const runLimits = {
  /** Canonical JSON of a run's config. */
  maxConfigBytes: 256 * 1024,
  /** Canonical JSON of a run's summary overrides, all keys together. */
  maxSummaryBytes: 64 * 1024,
  /** Rows in one metrics append (one HTTP request). */
  maxRowsPerAppend: 10_000,
  /** Keys in one metrics row. */
  maxKeysPerRow: 1_000,
  /** Points per key in one metrics read; the answer says where to continue. */
  maxPointsPerRead: 100_000,
  defaultPointsPerRead: 10_000,
  /** Steps and times are integers JSON and SQLite both carry exactly. */
  maxStep: Number.MAX_SAFE_INTEGER,
} as const;
