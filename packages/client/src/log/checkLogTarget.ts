import { InvalidArgumentError, REGISTRY_PROJECT, type CollectionName } from '@arca/store/pure';

/** Refuses a log into a team's registry, online or offline: versions get there by a link. */
export function checkLogTarget(collection: CollectionName): void {
  if (collection.project === REGISTRY_PROJECT) {
    throw new InvalidArgumentError('collection', `${REGISTRY_PROJECT} only holds links: log to a project, then link the version (arca link, or linkArtifact in the SDK)`);
  }
}
