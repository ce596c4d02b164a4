import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './configDir.js';
import { CREDENTIALS_FILE } from './CREDENTIALS_FILE.js';
import { serverKey } from './serverKey.js';

/**
 * Stores `apiKey` for `url` in the credentials file, keeping the keys of other
 * servers. The file is created with mode 0600 (in a 0700 directory) through a
 * temp file and a rename, so the key is never readable by others, not even briefly.
 * Returns the file's path.
 */
export function storeKey(env: NodeJS.ProcessEnv, url: string, apiKey: string): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, CREDENTIALS_FILE);
  let doc: { servers: Record<string, { apiKey: string }> } = { servers: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof doc;
    if (parsed && typeof parsed.servers === 'object' && parsed.servers !== null) doc = parsed;
  } catch {
    // No file yet, or one that is not ours to keep: start afresh.
  }
  doc.servers[serverKey(url)] = { apiKey };
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(doc, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // A file left by an older tool with wider permissions is replaced by the rename; the mode is 0600 from creation.
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}
