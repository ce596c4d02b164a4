import { closeSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { CorruptObjectError } from '@arca/store/pure';

/**
 * An append-only file of JSON records, one a line, each appended with one
 * write and fsynced before the call returns. A crash mid-append can only leave
 * a partial last line without its newline: that one is ignored on reading and
 * cut off by the next append (the operation it recorded never returned); damage
 * anywhere else is reported.
 */
export class JsonlFile<T> {
  constructor(readonly path: string) {}

  read(): T[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const lines = text.split('\n');
    // The piece after the last newline is a torn append (or empty).
    lines.pop();
    return lines.map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new CorruptObjectError(`${this.path}:${i + 1}`, 'not a JSON record');
      }
    });
  }

  /** Appends one record. Callers hold the store's lock, so no other append interleaves. */
  append(record: T): void {
    this.dropTornTail();
    const fd = openSync(this.path, 'a', 0o644);
    try {
      writeSync(fd, JSON.stringify(record) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** A torn last line (its append never returned) is cut off, so the next record starts on a line of its own. */
  private dropTornTail(): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
    truncateSync(this.path, bytes.lastIndexOf(0x0a) + 1);
  }
}
