import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { CorruptObjectError } from '@arca/store';

/**
 * An append-only file of JSON records, one a line, each appended with one
 * write and fsynced before the call returns. A crash mid-append can only leave
 * a partial last line without its newline: that one is ignored on reading (the
 * operation it recorded never returned); damage anywhere else is reported.
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

  append(record: T): void {
    const fd = openSync(this.path, 'a', 0o644);
    try {
      // A torn line left by a crash must not swallow this record: start on a fresh line.
      const text = JSON.stringify(record) + '\n';
      const prefix = this.endsTorn() ? '\n' : '';
      writeSync(fd, prefix + text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private endsTorn(): boolean {
    try {
      const text = readFileSync(this.path);
      return text.length > 0 && text[text.length - 1] !== 0x0a;
    } catch {
      return false;
    }
  }
}
