/**
 * Temp-name prefixes of the downloads running in this process. A temp file
 * named with our own pid but another prefix was left by an earlier process
 * that had this pid (pids are reused; PID 1 in every container), so it is
 * stale; one with a prefix in this set belongs to a download still running here.
 */
export const activeTempPrefixes = new Set<string>();
