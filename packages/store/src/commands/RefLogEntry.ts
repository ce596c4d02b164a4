/** One ref change as the API shows it. */
export interface RefLogEntry {
  seq: number;
  collection: string;
  /** `aliases/<name>` or `versions/vN`. */
  ref: string;
  old: { version: string; digest: string } | null;
  new: { version: string; digest: string } | null;
  actor: string;
  reason: string;
  time: string;
}
