import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

let tag: string | undefined;

/**
 * 8 hex digits naming the process namespace this process runs in: the host
 * name, and on Linux the kernel's boot id and the pid namespace. A pull in
 * another container that shares a folder with this one has pids this process
 * cannot see (or sees as some other process); the tag tells its files apart.
 * Pulls put it in their temp names, offline stores in their lock files.
 */
export function namespaceTag(): string {
  if (tag === undefined) {
    let identity = hostname();
    try {
      identity += `\0${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}\0${readlinkSync('/proc/self/ns/pid')}`;
    } catch {
      // Not Linux: the host name alone.
    }
    tag = createHash('sha256').update(identity).digest('hex').slice(0, 8);
  }
  return tag;
}
