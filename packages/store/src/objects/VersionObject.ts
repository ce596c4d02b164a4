/** An immutable version of a collection: the commit. */
export interface VersionObject {
  format: 1;
  /** `entity/project/name` it was logged to. */
  collection: string;
  type: string;
  tree: string;
  /** Digest of the version logged before it in the same collection, or null. */
  parent: string | null;
  metadata: Record<string, unknown>;
  description: string;
  /** The run that produced it, when known. */
  producer: string | null;
  /** ISO 8601 time of the commit, set by the server. */
  created: string;
}
