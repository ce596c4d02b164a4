import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

let tag: string | undefined;

/**
 * 8 hex digits naming the process namespace this process runs in: the host
 * name, and on Linux the kernel's boot id and the pid namespace. A pull in
 * another container that shares a folder with this one has pids this process
 * cannot see (or sees as some other process); the tag tells its files apart.
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

/**
 * The start of the names a pull gives its temp files: `<pid>@<namespace tag>-<16 hex>-`.
 * Unique against other pulls into the same folder; the pid and the tag let a
 * later pull tell a killed pull's leftovers from a running one's (removeStaleTemps).
 */
export function pullRunId(): string {
  return `${process.pid}@${namespaceTag()}-${randomBytes(8).toString('hex')}-`;
}
