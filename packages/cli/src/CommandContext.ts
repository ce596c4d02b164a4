import { userInfo } from 'node:os';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { ArcaClient, OfflineStore } from '@arca/client';

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
  cwd: string;
  json: boolean;
  client(): ArcaClient;
  /** The local store of `arca log --offline` and `arca sync` ($ARCA_OFFLINE_DIR, default ~/.arca/offline). */
  offlineStore(): OfflineStore;
}

export const DEFAULT_URL = 'http://127.0.0.1:8420';

function defaultActor(env: NodeJS.ProcessEnv): string {
  if (env.ARCA_ACTOR) return env.ARCA_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'anonymous';
  }
}

export function createContext(partial: Pick<CommandContext, 'env' | 'stdout' | 'stderr' | 'cwd' | 'json'>): CommandContext {
  let client: ArcaClient | undefined;
  return {
    ...partial,
    client() {
      // The cache dir comes from the context's env, not process.env: main() may run
      // in-process with an env of its own (the demo, tests).
      client ??= new ArcaClient({
        url: partial.env.ARCA_URL ?? DEFAULT_URL,
        actor: defaultActor(partial.env),
        ...(partial.env.ARCA_CACHE_DIR ? { cacheDir: partial.env.ARCA_CACHE_DIR } : {}),
      });
      return client;
    },
    offlineStore() {
      return new OfflineStore({
        dir: partial.env.ARCA_OFFLINE_DIR ?? join(homedir(), '.arca', 'offline'),
        actor: defaultActor(partial.env),
        cacheDir: partial.env.ARCA_CACHE_DIR ?? join(homedir(), '.cache', 'arca'),
      });
    },
  };
}
