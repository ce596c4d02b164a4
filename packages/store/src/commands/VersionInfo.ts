/** A version as the API and the SDK show it. */
export interface VersionInfo {
  /** `entity/project/name` */
  collection: string;
  kind: 'artifact' | 'registry';
  type: string;
  /** `vN` */
  version: string;
  number: number;
  /** The version digest; a registry version has the digest of the version it links. */
  digest: string;
  tree: string;
  size: number;
  fileCount: number;
  aliases: string[];
  /** Tags of this version (not of its collection). */
  tags: string[];
  metadata: Record<string, unknown>;
  description: string;
  actor: string;
  createdAt: string;
  /** For a registry version: the artifact version it points at. */
  source: { collection: string; version: string; digest: string } | null;
  /** The run that logged it (`entity/project/id`), from the version object; a registry version shows its source's. */
  producer: string | null;
}
