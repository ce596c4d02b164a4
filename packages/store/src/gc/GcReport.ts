/** What one garbage collection found and did (with `dryRun`, what it would remove). */
export interface GcReport {
  dryRun: boolean;
  startedAt: string;
  gracePeriodSeconds: number;
  /** Versions retention deleted first (their TTL ran out; see expireVersions), or would in a dry run. */
  expiredVersions: number;
  /** Expired versions kept because a registry link or a protected alias points at them. */
  exemptVersions: number;
  /** Objects some ref needs. */
  liveObjects: number;
  /** Stored copies looked at (an object held loose and packed counts twice). */
  storedObjects: number;
  storedBytes: number;
  /** Copies unreferenced and older than the grace period: removed, or removable in a dry run. */
  removedObjects: number;
  removedBytes: number;
  /** Unreferenced copies kept because they are younger than the grace period (an upload in progress, a fresh log). */
  youngObjects: number;
  /** Pack files deleted because nothing in them was needed any more. */
  removedPacks: number;
  /** Pack files rewritten without their swept objects, and the bytes that freed. */
  repackedPacks: number;
  repackedBytes: number;
  /** Temp files of interrupted uploads deleted. */
  removedTempFiles: number;
  durationMs: number;
}
