import { acquireServerLock, Store, type FsObjectStoreOptions } from '@arca/store';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapAdmin } from './auth/bootstrapAdmin.js';
import { createApp, type AppOptions } from './createApp.js';
import { EventHub, type EventHubOptions } from './events/EventHub.js';
import { ListenError } from './http/ListenError.js';
import { WebhookDispatcher } from './webhooks/WebhookDispatcher.js';
import type { WebhookOptions } from './webhooks/WebhookOptions.js';
import { DEFAULT_RETENTION_INTERVAL_MS, startRetentionTimer } from './retention/startRetentionTimer.js';

export interface ServerOptions extends Omit<AppOptions, 'eventHub' | 'webhookDispatcher'> {
  dataDir: string;
  events?: EventHubOptions;
  /** Webhook delivery: the allow-list of private ranges, retry timings. */
  webhooks?: WebhookOptions;
  host?: string;
  port?: number;
  /** Object store tuning; tests shorten the freshen interval to run garbage collection with no grace period. */
  objects?: FsObjectStoreOptions;
  /**
   * The site admin's API key (the CLI passes ARCA_ADMIN_KEY). Without it, the
   * first start writes a new admin key to `DATA/admin.key` (mode 0600).
   */
  adminKey?: string;
  /** Where the server tells the operator things (that an admin key file was written); stderr by default. */
  notice?: (message: string) => void;
  /** How often expired versions are deleted (retention); 0 turns it off. Default 10 minutes. */
  retentionIntervalMs?: number;
  /**
   * Serve the data directory even though another server's lock is on it: for a
   * lock left on another host (which cannot be checked) by a server that is gone.
   */
  takeOver?: boolean;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  port: number;
  /** Open `GET /events` streams (to check that hung-up clients are let go). */
  eventListeners(): number;
  /** Stops listening, cuts open connections (idle keep-alive ones included) and closes the store. */
  close(): Promise<void>;
}

/** Opens the store under `dataDir` and serves the API on `host:port` (127.0.0.1:8420 by default). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const {
    dataDir,
    host = '127.0.0.1',
    port = 8420,
    events,
    webhooks,
    objects,
    retentionIntervalMs = DEFAULT_RETENTION_INTERVAL_MS,
    adminKey,
    notice = (m) => process.stderr.write(`arca-server: ${m}\n`),
    takeOver = false,
    ...appOptions
  } = options;
  // The port first: a server that cannot listen must not have created a data directory
  // or written an admin key (and announced it) on its way to failing.
  const server = createServer();
  // Longer than clients keep idle connections (undici: 4 s, most load balancers: 60 s), so the
  // server is never the side that closes a socket a client is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // A 64 MiB upload over a slow link must not be cut by Node's 5-minute default.
  server.requestTimeout = 30 * 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ListenError(host, port, 'address in use');
    if (code === 'EACCES') throw new ListenError(host, port, 'permission denied');
    if (code === 'EADDRNOTAVAIL') throw new ListenError(host, port, 'address not available on this machine');
    throw err;
  }
  const stopListening = (): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
  // From here to attaching the app below, everything runs in this one turn of the event
  // loop (store, lock and admin key are synchronous), so no request arrives unanswered.
  // A failure on the way undoes what was done, latest first.
  const undo: (() => unknown)[] = [stopListening];
  let store: Store;
  let releaseLock: () => void;
  let eventHub: EventHub;
  let webhookDispatcher: WebhookDispatcher;
  try {
    store = Store.open(dataDir, objects);
    undo.unshift(() => store.close());
    releaseLock = acquireServerLock(store, { takeOver });
    undo.unshift(releaseLock);
    const boot = bootstrapAdmin(store, adminKey);
    if (boot.keyFile) notice(`created an API key for site admin "${boot.admin}" in ${boot.keyFile} (mode 0600); log in with: arca login < ${boot.keyFile}`);
    eventHub = new EventHub(store, events);
    undo.unshift(() => eventHub.close());
    webhookDispatcher = new WebhookDispatcher(store, eventHub, webhooks, appOptions.logError);
  } catch (err) {
    for (const step of undo) await step();
    throw err;
  }
  // Every way out below lets go of the lock with the store.
  const closeStore = async (): Promise<void> => {
    releaseLock();
    await store.close();
  };
  server.on('request', createApp(store, { ...appOptions, eventHub, webhookDispatcher }));
  // Deliveries left pending by a previous run (a crash, a restart) go out now.
  webhookDispatcher.start();
  store.objects.startPackWriter();
  const logError = appOptions.logError ?? ((err: unknown) => console.error('arca-server:', err));
  const stopRetention = retentionIntervalMs > 0 ? startRetentionTimer(store, retentionIntervalMs, logError) : () => {};
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    eventListeners: () => eventHub.streamCount,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const stopping = webhookDispatcher.close();
        stopRetention();
        eventHub.close();
        server.close((err) => {
          stopping
            .then(() => closeStore())
            .then(() => (err ? reject(err) : resolve()), reject);
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
