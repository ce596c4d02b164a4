import { randomBytes } from 'node:crypto';
import type { AgedObject } from '../backend/ObjectSweeper.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { StoreDamagedError } from '../errors/StoreDamagedError.js';
import type { Store } from '../Store.js';
import { expireVersions } from '../retention/expireVersions.js';
import { acquireGcLock } from './acquireGcLock.js';
import type { GcReport } from './GcReport.js';
import { markLiveObjects } from './markLiveObjects.js';

/** The default grace period: a day, as the issue asks; uploads older than that with no commit are abandoned. */
export const DEFAULT_GC_GRACE_SECONDS = 24 * 60 * 60;
/** Copies removed per ref-database transaction: short enough that commits waiting on the lock barely notice. */
const SWEEP_BATCH = 512;
/** A pack is rewritten once at least this share of its bytes is garbage. */
const REPACK_GARBAGE_SHARE = 0.5;

export interface GcOptions {
  dryRun?: boolean;
  /** Unreferenced objects younger than this are kept. At least the store's freshen interval. */
  gracePeriodSeconds?: number;
}

/**
 * Retention, then mark and sweep. Retention: expired versions are deleted
 * (expireVersions). Mark: every object a version row needs (markLiveObjects).
 * Sweep: every stored copy that is not marked and was last written or
 * freshened before `start - grace` is removed, then packs that hold nothing
 * are deleted and mostly-garbage packs rewritten.
 *
 * Why this is safe while clients log and pull:
 * - An object uploaded for a commit not yet made is younger than the grace period.
 * - An older object a client is told is present (`missing`) is freshened by that
 *   very question, and the commit asks again inside its ref transaction
 *   (commitVersion). Removal re-reads the age inside a ref transaction too, so a
 *   commit's check and a removal batch never interleave: either the commit saw
 *   the object and freshened it (then it is kept) or the removal came first (then
 *   the commit fails with MissingObjects and the client uploads it again).
 * - A version created after the mark keeps its objects through that same check;
 *   one deleted after the mark keeps them until the next collection.
 * That reasoning needs the freshen interval to be no longer than the grace
 * period, hence the lower bound.
 */
export async function collectGarbage(store: Store, options: GcOptions = {}): Promise<GcReport> {
  const grace = options.gracePeriodSeconds ?? DEFAULT_GC_GRACE_SECONDS;
  const minGrace = store.objects.freshenAfterMs / 1000;
  if (!Number.isFinite(grace) || grace < minGrace) {
    throw new InvalidArgumentError('gracePeriodSeconds', `a number of seconds, at least ${minGrace} (the store's freshen interval)`);
  }
  const dryRun = options.dryRun ?? false;
  const release = acquireGcLock(store.refs);
  try {
    const start = Date.now();
    const cutoffMs = start - grace * 1000;
    const report: GcReport = {
      dryRun,
      startedAt: new Date(start).toISOString(),
      gracePeriodSeconds: grace,
      expiredVersions: 0,
      exemptVersions: 0,
      liveObjects: 0,
      storedObjects: 0,
      storedBytes: 0,
      removedObjects: 0,
      removedBytes: 0,
      youngObjects: 0,
      removedPacks: 0,
      repackedPacks: 0,
      repackedBytes: 0,
      removedTempFiles: 0,
      durationMs: 0,
    };
    // Retention first, so that what it deletes is swept in the same run. A dry run
    // deletes nothing, so it marks as if those versions were gone: it must report
    // what the real run would remove.
    const expiry = expireVersions(store, { now: start, dryRun });
    report.expiredVersions = expiry.expired.length;
    report.exemptVersions = expiry.exempt.length;
    const { live, unreadableTrees } = await markLiveObjects(store, dryRun ? new Set(expiry.expired.map((e) => e.digest)) : undefined);
    if (unreadableTrees.length > 0) throw new StoreDamagedError(unreadableTrees);
    report.liveObjects = live.size;

    const sweeper = store.objects.sweeper();
    const garbage: AgedObject[] = [];
    for await (const copy of sweeper.aged()) {
      report.storedObjects++;
      report.storedBytes += copy.size;
      if (live.has(copy.digest)) continue;
      if (copy.mtimeMs >= cutoffMs) report.youngObjects++;
      else garbage.push(copy);
    }
    if (dryRun) {
      report.removedObjects = garbage.length;
      report.removedBytes = garbage.reduce((n, c) => n + c.size, 0);
      report.durationMs = Date.now() - start;
      return report;
    }
    for (let i = 0; i < garbage.length; i += SWEEP_BATCH) {
      const batch = garbage.slice(i, i + SWEEP_BATCH);
      const removed = store.refs.transaction(() => sweeper.removeIfOlder(batch, cutoffMs));
      report.removedObjects += removed.length;
      report.removedBytes += removed.reduce((n, c) => n + c.size, 0);
    }
    for (const pack of sweeper.packs()) {
      if (pack.objects === 0) {
        // Also packs a crash left without rows; only once they are as old as any other garbage.
        if (pack.mtimeMs < cutoffMs && sweeper.removePack(pack.name)) report.removedPacks++;
      } else if (pack.garbageBytes >= pack.size * REPACK_GARBAGE_SHARE) {
        report.repackedBytes += await sweeper.repack(pack.name, `gc-${process.pid}-${randomBytes(8).toString('hex')}`);
        report.repackedPacks++;
      }
    }
    report.removedTempFiles = await sweeper.removeStaleTemp(cutoffMs);
    report.durationMs = Date.now() - start;
    return report;
  } finally {
    release();
  }
}
