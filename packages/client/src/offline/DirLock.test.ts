import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { namespaceTag } from '../util/namespaceTag.js';
import { FOREIGN_LOCK_IDLE_MS, withDirLock } from './DirLock.js';

const made: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'arca-dirlock-'));
  made.push(d);
  return d;
};
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
// A pid no process here has (above the kernel's pid_max).
const NO_SUCH_PID = 2147483646;
const otherTag = () => (namespaceTag() === 'ffffffff' ? 'eeeeeeee' : 'ffffffff');
const ago = (ms: number) => new Date(Date.now() - ms);

describe('withDirLock', () => {
  it('writes pid@tag into the lock while held and removes it after', async () => {
    const lock = join(tempDir(), 'lock');
    const seen = await withDirLock(lock, () => readFileSync(lock, 'utf8'));
    expect(seen).toBe(`${process.pid}@${namespaceTag()}`);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock of a dead pid from this namespace, and of a bare dead pid from earlier versions', async () => {
    const dir = tempDir();
    for (const content of [`${NO_SUCH_PID}@${namespaceTag()}`, String(NO_SUCH_PID)]) {
      const lock = join(dir, 'lock');
      writeFileSync(lock, content);
      await expect(withDirLock(lock, () => 'ran', { waitMs: 200 })).resolves.toBe('ran');
    }
  });

  it('waits out a lock from another container while it is touched, whatever its pid looks like here', async () => {
    const lock = join(tempDir(), 'lock');
    // Dead here, but the pid belongs to another pid namespace: it says nothing.
    writeFileSync(lock, `${NO_SUCH_PID}@${otherTag()}`);
    await expect(withDirLock(lock, () => 'ran', { waitMs: 200 })).rejects.toMatchObject({
      code: 'Locked',
      data: { path: lock, pid: NO_SUCH_PID, namespace: otherTag() },
    });
    expect(readFileSync(lock, 'utf8')).toBe(`${NO_SUCH_PID}@${otherTag()}`);
  });

  it('takes over a lock from another container once it has gone untouched for FOREIGN_LOCK_IDLE_MS', async () => {
    const lock = join(tempDir(), 'lock');
    writeFileSync(lock, `${process.pid}@${otherTag()}`);
    utimesSync(lock, ago(FOREIGN_LOCK_IDLE_MS + 5000), ago(FOREIGN_LOCK_IDLE_MS + 5000));
    await expect(withDirLock(lock, () => 'ran', { waitMs: 200 })).resolves.toBe('ran');
  });

  it('touches its lock while it holds it, so a waiter elsewhere sees it alive', async () => {
    const lock = join(tempDir(), 'lock');
    const mtimes = await withDirLock(
      lock,
      async () => {
        utimesSync(lock, ago(60_000), ago(60_000));
        const before = statSync(lock).mtimeMs;
        await new Promise((r) => setTimeout(r, 150));
        return [before, statSync(lock).mtimeMs];
      },
      { heartbeatMs: 20 },
    );
    expect(mtimes[1]! - mtimes[0]!).toBeGreaterThan(50_000);
  });

  it('lets one holder at a time in, in this process too', async () => {
    const lock = join(tempDir(), 'lock');
    let inside = 0;
    let most = 0;
    const hold = () =>
      withDirLock(lock, async () => {
        most = Math.max(most, ++inside);
        await new Promise((r) => setTimeout(r, 30));
        inside--;
      });
    await Promise.all([hold(), hold(), hold()]);
    expect(most).toBe(1);
  });
});
