import { randomBytes } from 'node:crypto';
import { namespaceTag } from '../util/namespaceTag.js';

/**
 * The start of the names a pull gives its temp files: `<pid>@<namespace tag>-<16 hex>-`.
 * Unique against other pulls into the same folder; the pid and the tag let a
 * later pull tell a killed pull's leftovers from a running one's (removeStaleTemps).
 */
export function pullRunId(): string {
  return `${process.pid}@${namespaceTag()}-${randomBytes(8).toString('hex')}-`;
}
