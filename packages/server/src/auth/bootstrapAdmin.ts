import { InvalidArgumentError, type Store } from '@arca/store';
import { join } from 'node:path';
import { ADMIN_KEY_FILE } from './ADMIN_KEY_FILE.js';
import { ADMIN_KEY_MIN_LENGTH } from './ADMIN_KEY_MIN_LENGTH.js';
import { generateApiKey } from './generateApiKey.js';
import { hashApiKey } from './hashApiKey.js';
import { writeSecretFile } from './writeSecretFile.js';

/** The public id of the admin key given by ARCA_ADMIN_KEY. */
export const ENV_ADMIN_KEY_ID = 'admin-env';

export interface BootstrapResult {
  admin: string;
  /** Where a new admin key was written, when one was. */
  keyFile?: string;
}

/**
 * Makes sure the server has a site admin who can log in. On first start it
 * creates the user `admin`; with `adminKey` (ARCA_ADMIN_KEY) that key becomes
 * the admin's key `admin-env` (replacing an earlier one) and no file is
 * written; without it, an admin without a live key gets a new one, written to
 * `DATA/admin.key` (mode 0600). Runs in one transaction, so two servers
 * starting on the same data directory cannot both create an admin.
 */
export function bootstrapAdmin(store: Store, adminKey: string | undefined): BootstrapResult {
  if (adminKey !== undefined && (adminKey.length < ADMIN_KEY_MIN_LENGTH || !/^[\x21-\x7e]+$/.test(adminKey))) {
    throw new InvalidArgumentError('ARCA_ADMIN_KEY', `at least ${ADMIN_KEY_MIN_LENGTH} printable ASCII characters without spaces`);
  }
  let keyFile: string | undefined;
  const admin = store.access.transaction(() => {
    const now = new Date().toISOString();
    const user = store.access.firstSiteAdmin() ?? store.access.createUser('admin', { serviceAccount: false, siteAdmin: true }, now);
    if (adminKey !== undefined) {
      const hash = hashApiKey(adminKey);
      const other = store.access.keyByHash(hash);
      if (other && other.id !== ENV_ADMIN_KEY_ID) throw new InvalidArgumentError('ARCA_ADMIN_KEY', 'is already the key of another user');
      store.access.replaceKey({
        id: ENV_ADMIN_KEY_ID,
        user_id: user.id,
        hash,
        read_only: 0,
        description: 'set by ARCA_ADMIN_KEY',
        created_at: now,
        revoked_at: null,
      });
    } else if (store.access.liveKeyCount(user.id) === 0) {
      const k = generateApiKey();
      // The file is written before the key commits: a crash in between leaves a
      // file with a key the database never accepted, and the next start, finding
      // no live key, writes a new one. The other order could leave a live key
      // nobody has.
      keyFile = join(store.dataDir, ADMIN_KEY_FILE);
      writeSecretFile(keyFile, k.key + '\n');
      store.access.insertKey({ id: k.id, user_id: user.id, hash: k.hash, read_only: 0, description: 'first admin key', created_at: now, revoked_at: null });
    }
    return user.name;
  });
  return keyFile === undefined ? { admin } : { admin, keyFile };
}
