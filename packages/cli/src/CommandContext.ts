import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ArcaClient, OfflineStore } from '@arca/client';
import { InvalidArgumentError } from '@arca/store/pure';
import { readStoredKey } from './config/readStoredKey.js';

export interface Writable {
  isTTY?: boolean;
  columns?: number;
  write(s: string): boolean;
}

/** What a command may use of the outside world; tests pass their own. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  /** Where `arca login` reads a key from when none is given. */
  stdin: AsyncIterable<string | Uint8Array>;
  cwd: string;
  json: boolean;
  /** The server URL: `$ARCA_URL` or the default. */
  url(): string;
  /** The API key: `$ARCA_API_KEY`, else the one `arca login` stored for url(). */
  apiKey(): string | undefined;
  client(): ArcaClient;
  /** The local store of `arca log --offline` and `arca sync` ($ARCA_OFFLINE_DIR, default ~/.arca/offline). */
  offlineStore(): OfflineStore;
}

export const DEFAULT_URL = 'http://127.0.0.1:8420';

/** The name an offline version records until `arca sync` (the server then records the key's user). */
function offlineActor(env: NodeJS.ProcessEnv): string {
  if (env.ARCA_ACTOR) return env.ARCA_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'anonymous';
  }
}

/**
 * `$ARCA_URL`, or the default. A value that is not an http(s) URL (`127.0.0.1:8420`
 * without its scheme) is refused as such, not reported as a server that cannot be reached.
 */
function serverUrl(env: NodeJS.ProcessEnv): string {
  const url = env.ARCA_URL || DEFAULT_URL;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidArgumentError('ARCA_URL', `${JSON.stringify(url)} is not an http:// or https:// URL (e.g. ${DEFAULT_URL})`);
  }
  return url;
}

export function createContext(partial: Pick<CommandContext, 'env' | 'stdout' | 'stderr' | 'stdin' | 'cwd' | 'json'>): CommandContext {
  let client: ArcaClient | undefined;
  const ctx: CommandContext = {
    ...partial,
    url: () => serverUrl(partial.env),
    apiKey: () => partial.env.ARCA_API_KEY || readStoredKey(partial.env, ctx.url()),
    client() {
      // The cache dir and key come from the context's env, not process.env: main() may run
      // in-process with an env of its own (the demo, tests).
      const apiKey = ctx.apiKey();
      client ??= new ArcaClient({
        url: ctx.url(),
        ...(apiKey ? { apiKey } : {}),
        ...(partial.env.ARCA_CACHE_DIR ? { cacheDir: partial.env.ARCA_CACHE_DIR } : {}),
      });
      return client;
    },
    offlineStore() {
      return new OfflineStore({
        dir: partial.env.ARCA_OFFLINE_DIR ?? join(homedir(), '.arca', 'offline'),
        actor: offlineActor(partial.env),
        cacheDir: partial.env.ARCA_CACHE_DIR ?? join(homedir(), '.cache', 'arca'),
      });
    },
  };
  return ctx;
}
