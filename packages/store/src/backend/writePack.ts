import { open, readFile, unlink } from 'node:fs/promises';
import { createHasher } from '../digest/createHasher.js';
import { linkPack } from './linkPack.js';
import { PACK_MAGIC } from './PACK_MAGIC.js';
import type { PackEntry } from './PackEntry.js';
import { syncDir } from './syncDir.js';
import { objectParts, type ObjectBytes } from './objectParts.js';
import { objectSize } from './objectSize.js';
import { writeAll } from './writeAll.js';

export const PACK_MAGIC_BYTES = PACK_MAGIC.length;
/** Per object: 32-byte raw digest, uint32 big-endian size — the wire framing of /objects/batch. */
export const PACK_HEADER_BYTES = 36;
const HEADER_BYTES = PACK_HEADER_BYTES;

/**
 * Writes verified objects as ONE pack file and makes it durable:
 * temp file → one fsync → hard link to `<packsDir>/<name>.pack` → fsync of the
 * directory (so the name survives a crash too) → unlink of the temp name.
 * Returns the index rows for the caller to record only after this resolves.
 *
 * Each object is preceded by a frame header (digest, size), so a pack describes
 * itself and the index could be rebuilt from the packs alone.
 *
 * The name is BLAKE3 of the magic and the headers. Every body was checked
 * against its digest before this is called, so the headers determine every byte
 * of the file: equal names mean equal content, and a link that finds the name
 * taken (EEXIST) usually finds the same bytes, already durable — nothing is
 * overwritten. (Hashing the headers instead of the whole 8 MiB saves a second
 * pass over every byte, ~4 ms per batch on the server's CPU.)
 *
 * Usually, not always: a pack damaged on disk keeps its name, and fsck --repair
 * takes the damaged object out of the index but leaves the file (its other
 * objects are still good). Uploading the same batch again then meets that name,
 * and trusting it would index the damaged bytes again, so the repair promised
 * by fsck would never happen. So a taken name is compared with what was just
 * written (rare: only a repeat of a whole batch reaches it), and a different
 * file there sends the pack to the next free name `<name>-<n>`.
 */
export async function writePack(tmpPath: string, packsDir: string, objects: readonly { digest: string; bytes: ObjectBytes }[]): Promise<{ name: string; entries: PackEntry[] }> {
  const headers = Buffer.allocUnsafe(HEADER_BYTES * objects.length);
  const buffers: Uint8Array[] = [PACK_MAGIC];
  const offsets: number[] = [];
  const sizes: number[] = [];
  let offset = PACK_MAGIC.length;
  objects.forEach((o, i) => {
    const h = headers.subarray(i * HEADER_BYTES, (i + 1) * HEADER_BYTES);
    h.write(o.digest.slice(3), 0, 32, 'hex');
    const size = objectSize(o.bytes);
    h.writeUInt32BE(size, 32);
    buffers.push(h, ...objectParts(o.bytes));
    offset += HEADER_BYTES;
    offsets.push(offset);
    sizes.push(size);
    offset += size;
  });
  const hasher = createHasher();
  hasher.update(PACK_MAGIC);
  hasher.update(headers);
  const name = hasher.digest().slice(3);

  // 0o444: like loose objects, a pack is never modified once written.
  const fh = await open(tmpPath, 'wx', 0o444);
  try {
    try {
      await writeAll(fh, buffers);
      await fh.sync();
    } finally {
      await fh.close();
    }
    const stored = await linkPack(tmpPath, packsDir, name, async (path) => sameBytes(await readFile(path), buffers));
    await syncDir(packsDir);
    const entries = objects.map((o, i) => ({ digest: o.digest, pack: stored, offset: offsets[i]!, size: sizes[i]! }));
    return { name: stored, entries };
  } finally {
    await unlink(tmpPath).catch(() => {});
  }
}

function sameBytes(file: Buffer, parts: readonly Uint8Array[]): boolean {
  let at = 0;
  for (const p of parts) {
    if (at + p.length > file.length || Buffer.compare(file.subarray(at, at + p.length), p) !== 0) return false;
    at += p.length;
  }
  return at === file.length;
}
