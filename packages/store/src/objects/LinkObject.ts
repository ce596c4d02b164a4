/** A registry entry: a pointer to a version of another collection; no bytes are copied. */
export interface LinkObject {
  format: 1;
  /** `entity/model-registry/Name`. */
  registry: string;
  /** `entity/project/name` of the source collection. */
  source: string;
  /** Digest of the source version. */
  version: string;
  actor: string;
  created: string;
}
