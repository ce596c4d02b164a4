import type { Store } from '@arca/store';
import express, { Router, type Express } from 'express';
import { createAliasesRouter } from './aliases/createAliasesRouter.js';
import { API_PREFIX } from './API_PREFIX.js';
import { authenticate } from './auth/authenticate.js';
import { createAuthRouter } from './auth/createAuthRouter.js';
import { createCollectionsRouter } from './collections/createCollectionsRouter.js';
import { createDeletionRouter } from './deletion/createDeletionRouter.js';
import { createEventsRouter } from './events/createEventsRouter.js';
import { EventHub } from './events/EventHub.js';
import { createGcRouter } from './gc/createGcRouter.js';
import { createHealthRouter } from './health/createHealthRouter.js';
import { createRetentionRouter } from './retention/createRetentionRouter.js';
import { createErrorHandler } from './http/createErrorHandler.js';
import { notFoundHandler } from './http/notFoundHandler.js';
import { optionsHandler } from './http/optionsHandler.js';
import { createObjectsRouter } from './objects/createObjectsRouter.js';
import { createLineageRouter } from './lineage/createLineageRouter.js';
import { createOfflineRouter } from './offline/createOfflineRouter.js';
import { createRegistryRouter } from './registry/createRegistryRouter.js';
import { createRunsRouter } from './runs/createRunsRouter.js';
import { createTagsRouter } from './tags/createTagsRouter.js';
import { createVersionsRouter } from './versions/createVersionsRouter.js';
import { createWebhooksRouter } from './webhooks/createWebhooksRouter.js';
import { WebhookDispatcher } from './webhooks/WebhookDispatcher.js';

export interface AppOptions {
  /** Where unexpected errors (answered as 500 Internal / CorruptObject) are reported; stderr by default. */
  logError?: (err: unknown) => void;
  /** Announces ref log growth to event streams; startServer owns (and closes) one. A bare app makes its own. */
  eventHub?: EventHub;
  /** Comment lines on idle event streams this often (default 15 s). */
  eventHeartbeatMs?: number;
  /** Sends webhook deliveries; startServer owns (starts, closes) one. A bare app makes one that never sends. */
  webhookDispatcher?: WebhookDispatcher;
  /**
   * Tell clients on this machine (loopback peers) where objects lie in the data
   * directory, so a pull reads them from disk (decision 022). Default true; off
   * behind a reverse proxy on the same host, where every client is a loopback peer.
   */
  localReads?: boolean;
  /**
   * Let clients on this machine write packs into the data directory's staging
   * folder for the server to check and adopt, instead of uploading them
   * (decision 024). Default true; off behind a reverse proxy, as `localReads`.
   */
  localWrites?: boolean;
  /**
   * A download (`GET /objects/{digest}`, `POST /objects/fetch`) whose client reads
   * nothing for this long, or an upload (`POST /objects/batch`, `PUT /objects/{digest}`)
   * whose client sends nothing, is cut, freeing its buffers (default 120 s, the
   * client's own idle timeout); 0 never cuts.
   */
  stalledTransferMs?: number;
}

/** See AppOptions.stalledTransferMs. */
export const DEFAULT_STALLED_TRANSFER_MS = 120_000;

/** The express app of the HTTP API over one store. It does not listen; see startServer. */
export function createApp(store: Store, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // JSON answers are small and objects carry their digest as ETag; hashing every body for a weak ETag is wasted work.
  app.set('etag', false);
  app.set('query parser', 'simple');

  const api = Router();
  // Every route needs an API key but the liveness probe; see docs/decisions/017-api-keys-and-access.md.
  api.use(authenticate(store, ['GET /health']));
  api.use(createAuthRouter(store));
  api.use(createObjectsRouter(store, { localReads: options.localReads ?? true, localWrites: options.localWrites ?? true, stalledTransferMs: options.stalledTransferMs ?? DEFAULT_STALLED_TRANSFER_MS }));
  api.use(createCollectionsRouter(store));
  api.use(createVersionsRouter(store));
  api.use(createAliasesRouter(store));
  api.use(createRegistryRouter(store));
  api.use(createRunsRouter(store));
  api.use(createLineageRouter(store));
  api.use(createOfflineRouter(store));
  api.use(createTagsRouter(store));
  api.use(createDeletionRouter(store));
  api.use(createHealthRouter(store));
  const eventHub = options.eventHub ?? new EventHub(store);
  api.use(createEventsRouter(store, eventHub, { heartbeatMs: options.eventHeartbeatMs }));
  api.use(createRetentionRouter(store));
  api.use(createGcRouter(store));
  api.use(createWebhooksRouter(store, options.webhookDispatcher ?? new WebhookDispatcher(store, eventHub)));
  app.use(optionsHandler(app));
  app.use(API_PREFIX, api);

  app.use(notFoundHandler(app));
  app.use(createErrorHandler(options.logError ?? ((err) => console.error('arca-server:', err))));
  return app;
}
