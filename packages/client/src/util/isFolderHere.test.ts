import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isFolderHere } from './isFolderHere.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'arca-here-'));
  made.push(d);
  return d;
}

describe('isFolderHere', () => {
  it('is true for an absolute path to a directory, false for anything else', () => {
    const d = tempDir();
    writeFileSync(join(d, 'f'), 'x');
    expect(isFolderHere(d)).toBe(true);
    for (const other of [join(d, 'f'), join(d, 'missing'), join(d, 'f', 'under-a-file'), 'relative/dir', 42, null]) expect(isFolderHere(other)).toBe(false);
  });

  // A server of another user: its data directory is 0700, so its staging folder cannot
  // even be looked at. That answered EACCES, which failed the log instead of sending
  // the objects over HTTP. Needs root, to look as another user.
  it.runIf(process.getuid?.() === 0)('is false, not an error, for a folder inside a directory this user may not enter', () => {
    const data = join(tempDir(), 'data');
    mkdirSync(join(data, 'staging'), { recursive: true });
    chmodSync(join(data, '..'), 0o755);
    chmodSync(data, 0o700);
    const dist = new URL('../../dist/util/isFolderHere.js', import.meta.url).pathname;
    const asNobody = execFileSync(process.execPath, ['--input-type=module', '-e', `import { isFolderHere } from ${JSON.stringify(dist)}; console.log(isFolderHere(${JSON.stringify(join(data, 'staging'))}))`], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
    });
    expect(asNobody.trim()).toBe('false');
  });
});
