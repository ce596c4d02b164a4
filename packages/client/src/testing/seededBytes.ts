import { createCipheriv } from 'node:crypto';

/**
 * The same pseudo-random bytes for the same seed (AES-128-CTR over zeros). For
 * tests whose outcome depends on where content-defined cuts fall: with random
 * bytes, how many chunks a 1 MiB change touches varies from run to run.
 */
export function seededBytes(length: number, seed: number): Buffer {
  return createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16)).update(Buffer.alloc(length));
}
