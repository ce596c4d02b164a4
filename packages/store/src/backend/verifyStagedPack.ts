import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { verifyPackFile } from './verifyPackFile.js';

/**
 * Opens a staged pack without following a link, checks every object in it and
 * makes its bytes durable. It must have no other name: once adopted, packs/ and
 * nothing else names it.
 */
export async function verifyStagedPack(path: string, maxBytes: number, maxObjectSize: number): Promise<{ name: string; objects: { digest: string; offset: number; size: number }[] }> {
  let fh: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever, holding
    // one of libuv's few threads; it changes nothing for the regular file checked below.
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError('staged pack', basename(path));
    if (code === 'ELOOP') throw new InvalidArgumentError('file', `${basename(path)} is a symbolic link`);
    throw err;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new InvalidArgumentError('file', `${basename(path)} is not a regular file`);
    if (st.nlink !== 1) throw new InvalidArgumentError('file', `${basename(path)} has other names (${st.nlink} links)`);
    if (st.size > maxBytes) throw new InvalidArgumentError('file', `${basename(path)} is larger than ${maxBytes} bytes`);
    const verified = await verifyPackFile(fh, st.size, maxObjectSize);
    // Read-only like every pack. A file another user wrote (a client running as
    // root) cannot be changed by this one, and is left as it is.
    await fh.chmod(0o444).catch(() => {});
    await fh.sync();
    return verified;
  } finally {
    await fh.close();
  }
}
