import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * fsyncs a directory, so that names linked into it survive a power loss: an
 * object's fsync makes its bytes durable, not the entry that names it (ext4's
 * journal happens to order them; btrfs and others do not).
 */
export async function syncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** syncDir for the synchronous paths (inside a ref database transaction). */
export function syncDirSync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
