/** A registered model as the API and the SDK show it. */
export interface RegisteredModelInfo {
  /** `entity/model-registry/Name` */
  model: string;
  entity: string;
  name: string;
  type: string;
  /** The model card, Markdown. */
  description: string;
  metadata: Record<string, unknown>;
  tags: string[];
  /** Aliases only an admin may move and whose version cannot be unlinked. */
  protectedAliases: string[];
  /** alias → vN */
  aliases: Record<string, string>;
  versionCount: number;
  latest: { version: string; digest: string; createdAt: string } | null;
  createdAt: string;
  /** When the card, metadata or protected aliases last changed; null if never edited. */
  updatedAt: string | null;
}
