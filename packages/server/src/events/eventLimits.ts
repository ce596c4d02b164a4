/** Limits and timings of the event stream. */
export const eventLimits = {
  /** Ref log rows read per database query while a stream catches up. */
  pageRows: 200,
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: 15_000,
  /** What EventSource clients wait before reconnecting (the SSE `retry:` field). */
  retryMs: 2_000,
  /** At most this many `type` values in one request. */
  maxTypes: 20,
} as const;
