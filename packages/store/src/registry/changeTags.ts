import type { Actor } from '../commands/Actor.js';
import { resolveVersion } from '../commands/resolveVersion.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import { validateName } from '../names/validateName.js';
import { validateTag } from '../names/validateTag.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import { logChange } from './logChange.js';
import type { TagTarget } from './TagTarget.js';

const MAX_TAGS = 100;

/**
 * Adds (`add`) or removes (`remove`) tags of a collection or of one version.
 * Each tag that really changes is a `tags/<tag>` ref-log row (for a version
 * tag, `new` or `old` names the version). Removing a tag that is not there is
 * NotFound when it is the only one asked for, so a typo does not pass silently.
 */
export function changeTags(
  store: Store,
  input: Actor & { target: TagTarget; add?: string[]; remove?: string[] },
): { tags: string[]; added: string[]; removed: string[] } {
  const t = input.target;
  validateName('entity', t.entity);
  validateName('project', t.project);
  validateName('name', t.name);
  const add = [...new Set(input.add ?? [])];
  const remove = [...new Set(input.remove ?? [])];
  add.forEach(validateTag);
  remove.forEach(validateTag);
  if (add.length + remove.length === 0) throw new InvalidArgumentError('tags', 'name at least one tag');
  if (add.length > MAX_TAGS) throw new InvalidArgumentError('tags', `more than ${MAX_TAGS} items`);
  const refs = store.refs;
  const tables = new RegistryTables(refs);
  return refs.transaction(() => {
    let collection = refs.findCollection(t);
    let version: { number: number; digest: string } | undefined;
    if (t.selector) ({ collection, version } = resolveVersion(refs, { ...t, selector: t.selector }));
    const name = formatCollectionName(t);
    if (!collection) throw new NotFoundError('collection', name);
    const id = collection.id;
    const list = () => (version ? tables.versionTags(id, version.number) : tables.collectionTags(id));
    const at = version ? { number: version.number, digest: version.digest } : { number: null, digest: null };
    const now = new Date().toISOString();
    const log = (tag: string, kind: 'tag-added' | 'tag-removed') =>
      logChange(
        refs,
        {
          collection_id: id,
          ref: `tags/${tag}`,
          old_number: kind === 'tag-removed' ? at.number : null,
          old_digest: kind === 'tag-removed' ? at.digest : null,
          new_number: kind === 'tag-added' ? at.number : null,
          new_digest: kind === 'tag-added' ? at.digest : null,
          actor: input.actor,
          reason: input.reason ?? '',
          time: now,
        },
        kind,
        { tag, ...(version ? { version: `v${version.number}` } : {}) },
      );
    const removed: string[] = [];
    for (const tag of remove) {
      const gone = version ? tables.removeVersionTag(id, version.number, tag) : tables.removeCollectionTag(id, tag);
      if (gone) {
        removed.push(tag);
        log(tag, 'tag-removed');
      } else if (remove.length === 1 && add.length === 0) {
        throw new NotFoundError('tag', `${version ? `${name}:v${version.number}` : name} ${tag}`);
      }
    }
    const added: string[] = [];
    for (const tag of add) {
      const isNew = version ? tables.addVersionTag(id, version.number, tag) : tables.addCollectionTag(id, tag);
      if (isNew) {
        added.push(tag);
        log(tag, 'tag-added');
      }
    }
    const tags = list();
    if (tags.length > MAX_TAGS) throw new InvalidArgumentError('tags', `at most ${MAX_TAGS} tags on one collection or version`);
    return { tags, added, removed };
  });
}
