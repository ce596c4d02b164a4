/** The optional fields of a version commit, present only when given (the server's defaults apply otherwise). */
export function commitFields(opts: {
  type: string;
  metadata?: Record<string, unknown> | undefined;
  description?: string | undefined;
  aliases?: readonly string[] | undefined;
  reason?: string | undefined;
  /** The producing run, `entity/project/runId`. */
  run?: string | undefined;
  /** Retention of the version: seconds until it expires, or null to keep it forever. */
  ttlSeconds?: number | null | undefined;
}): Record<string, unknown> {
  return {
    type: opts.type,
    ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.aliases !== undefined && opts.aliases.length > 0 ? { aliases: opts.aliases } : {}),
    ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
    ...(opts.run !== undefined ? { run: opts.run } : {}),
    ...(opts.ttlSeconds !== undefined ? { ttlSeconds: opts.ttlSeconds } : {}),
  };
}
