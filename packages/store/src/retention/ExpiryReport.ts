import type { Pointer } from '../errors/InUseError.js';

/** What one retention pass did (or, in a dry run, would do). */
export interface ExpiryReport {
  /** Versions past their expiry that were deleted (tombstoned, decision 008 of deletion). */
  expired: { version: string; digest: string; expiresAt: string }[];
  /** Versions past their expiry kept because something points at them: a registry link or a protected alias. */
  exempt: { version: string; digest: string; expiresAt: string; pointers: Pointer[] }[];
}
