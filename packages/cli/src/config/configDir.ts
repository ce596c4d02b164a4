import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where `arca login` keeps keys: `$ARCA_CONFIG_DIR`, else `$XDG_CONFIG_HOME/arca`, else `~/.config/arca`. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.ARCA_CONFIG_DIR) return env.ARCA_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'arca');
}
