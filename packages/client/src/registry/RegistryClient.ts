import {
  InvalidArgumentError,
  parseCollectionName,
  REGISTRY_PROJECT,
  validateAlias,
  validateName,
  validateTag,
  type CollectionName,
  type DeleteVersionResult,
  type ModelFilter,
  type RefLogEntry,
  type RegisteredModelInfo,
  type UpdatedModel,
  type RegistryVersionInfo,
} from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import { collectionPath } from '../log/collectionPath.js';
import { selectorText } from '../refs/selectorText.js';
import { targetOf } from '../refs/targetOf.js';
import { pathSegment } from '../http/pathSegment.js';

/** `?reason=` for the DELETE routes, which have no body. */
function reasonQuery(reason: string | undefined): string {
  return reason === undefined ? '' : `?reason=${pathSegment(reason)}`;
}

function modelName(name: string): CollectionName {
  const c = parseCollectionName(name);
  if (c.project !== REGISTRY_PROJECT) throw new InvalidArgumentError('model', `a registered model is named entity/${REGISTRY_PROJECT}/Name, not ${name}`);
  return c;
}

function modelPath(c: CollectionName): string {
  return `/registry/${pathSegment(c.entity)}/models/${pathSegment(c.name)}`;
}

/**
 * Registered models (card, metadata, tags, history), tags of collections and
 * versions, and deletion. Reached as `arca.registry`. Names and tags are checked
 * here with the store's validators before any request is made.
 */
export class RegistryClient {
  constructor(private readonly http: HttpClient) {}

  async createModel(
    name: string,
    opts: { type?: string; description?: string; metadata?: Record<string, unknown>; tags?: string[]; protectedAliases?: string[]; reason?: string } = {},
  ): Promise<RegisteredModelInfo> {
    const c = modelName(name);
    opts.tags?.forEach(validateTag);
    opts.protectedAliases?.forEach(validateAlias);
    const res = await this.http.json<{ model: RegisteredModelInfo }>('POST', `/registry/${pathSegment(c.entity)}/models`, {
      json: { name: c.name, ...opts },
    });
    return res.model;
  }

  /** The model with its card, tags, metadata and aliases, and its versions (each with its source). */
  async model(name: string): Promise<{ model: RegisteredModelInfo; versions: RegistryVersionInfo[] }> {
    return this.http.json('GET', modelPath(modelName(name)));
  }

  async listModels(entity: string, filter: ModelFilter = {}): Promise<RegisteredModelInfo[]> {
    validateName('entity', entity);
    if (filter.tag !== undefined) validateTag(filter.tag);
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][]).toString();
    return (await this.http.json<{ models: RegisteredModelInfo[] }>('GET', `/registry/${pathSegment(entity)}/models${q ? `?${q}` : ''}`)).models;
  }

  /**
   * Edits the card (`description`), metadata or protected aliases; only what is given
   * changes. `changed` lists the fields whose value differs (empty: nothing was written).
   */
  async updateModel(
    name: string,
    changes: { description?: string; metadata?: Record<string, unknown>; protectedAliases?: string[]; reason?: string },
  ): Promise<UpdatedModel> {
    changes.protectedAliases?.forEach(validateAlias);
    return this.http.json<UpdatedModel>('PATCH', modelPath(modelName(name)), { json: changes });
  }

  async history(name: string): Promise<RefLogEntry[]> {
    return (await this.http.json<{ entries: RefLogEntry[] }>('GET', `${modelPath(modelName(name))}/history`)).entries;
  }

  /** Unlinks a registry version (`entity/model-registry/Name:vN` or `:alias`). */
  async unlink(ref: string, opts: { reason?: string } = {}): Promise<DeleteVersionResult> {
    const { collection, selector } = targetOf(ref);
    if (collection.project !== REGISTRY_PROJECT) throw new InvalidArgumentError('ref', `unlink a version of entity/${REGISTRY_PROJECT}/Name, not ${ref}`);
    if (!selector) throw new InvalidArgumentError('ref', 'name the version to unlink (:vN or :alias)');
    return this.deleteVersion(ref, opts);
  }

  /** Deletes the version a ref with `:vN`, `:alias` or `@b3:` names (in a registry: unlinks it). */
  async deleteVersion(ref: string, opts: { reason?: string } = {}): Promise<DeleteVersionResult> {
    const { collection, selector } = targetOf(ref);
    if (!selector) throw new InvalidArgumentError('ref', 'name the version (:vN, :alias or @b3:...)');
    return this.http.json('DELETE', `${collectionPath(collection)}/versions/${pathSegment(selectorText(selector))}${reasonQuery(opts.reason)}`);
  }

  /** Deletes a whole collection or registered model. */
  async deleteCollection(name: string, opts: { reason?: string } = {}): Promise<{ deleted: { collection: string; versions: number } }> {
    return this.http.json('DELETE', `${collectionPath(parseCollectionName(name))}${reasonQuery(opts.reason)}`);
  }

  /** Tags a collection (bare `entity/project/name`) or a version (a ref with a selector). */
  async addTags(ref: string, tags: string[], opts: { reason?: string } = {}): Promise<{ tags: string[]; added: string[]; removed: string[] }> {
    tags.forEach(validateTag);
    return this.http.json('POST', `${this.tagsPath(ref)}`, { json: { tags, ...(opts.reason !== undefined ? { reason: opts.reason } : {}) } });
  }

  async removeTag(ref: string, tag: string, opts: { reason?: string } = {}): Promise<{ tags: string[]; added: string[]; removed: string[] }> {
    validateTag(tag);
    return this.http.json('DELETE', `${this.tagsPath(ref)}/${pathSegment(tag)}${reasonQuery(opts.reason)}`);
  }

  async findTagged(
    entity: string,
    tag: string,
  ): Promise<{ collections: { collection: string; kind: string; type: string }[]; versions: { collection: string; version: string; digest: string }[] }> {
    validateName('entity', entity);
    validateTag(tag);
    return this.http.json('GET', `/tags/${pathSegment(entity)}/${pathSegment(tag)}`);
  }

  private tagsPath(ref: string): string {
    const { collection, selector } = targetOf(ref);
    return selector ? `${collectionPath(collection)}/versions/${pathSegment(selectorText(selector))}/tags` : `${collectionPath(collection)}/tags`;
  }
}
