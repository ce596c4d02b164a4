import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './configDir.js';
import { CREDENTIALS_FILE } from './CREDENTIALS_FILE.js';
import { serverKey } from './serverKey.js';

/** The key `arca login` stored for `url`, if any. A missing or unreadable file is no key. */
export function readStoredKey(env: NodeJS.ProcessEnv, url: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(configDir(env), CREDENTIALS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const key = (JSON.parse(text) as { servers?: Record<string, { apiKey?: unknown }> }).servers?.[serverKey(url)]?.apiKey;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
