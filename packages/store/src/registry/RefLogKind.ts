/**
 * What a ref-log row records. Rows written before kinds existed get theirs
 * from their ref and old/new (kindOfRefLogRow), so every row has one.
 * - `versions/vN`: logged | linked (new version), deleted | unlinked (tombstoned)
 * - `aliases/<a>`: alias-added | alias-moved | alias-removed
 * - `model`: created (an explicit create of a registered model)
 * - `card`: card-edited; `metadata`: metadata-edited; `protected-aliases`: protected-aliases-edited
 * - `tags/<t>`: tag-added | tag-removed (`new`/`old` name the version for a version tag)
 * - `collection`: collection-deleted
 */
export type RefLogKind =
  | 'logged'
  | 'linked'
  | 'deleted'
  | 'unlinked'
  | 'alias-added'
  | 'alias-moved'
  | 'alias-removed'
  | 'created'
  | 'card-edited'
  | 'metadata-edited'
  | 'protected-aliases-edited'
  | 'tag-added'
  | 'tag-removed'
  | 'collection-deleted';
