import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationGuard } from './DestinationGuard.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'arca-guard-'));
  made.push(d);
  return d;
}

describe('DestinationGuard', () => {
  it('maps artifact paths inside the target and creates parent folders', async () => {
    const dir = tmp();
    const g = await DestinationGuard.open(join(dir, 'out'));
    expect(await g.prepare('a/b/c.txt')).toBe(join(g.root, 'a/b/c.txt'));
  });

  it.each(['../escape', 'a/../../x', '/etc/passwd', 'a\\..\\x', 'C:/x', 'a//b', './a'])('refuses %s', async (p) => {
    const dir = tmp();
    const g = await DestinationGuard.open(dir);
    await expect(g.prepare(p)).rejects.toMatchObject({ code: 'InvalidPath' });
  });

  it('refuses to write through a symlinked parent folder', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out', 'sub'));
    const g = await DestinationGuard.open(join(dir, 'out'));
    await expect(g.prepare('sub/file.txt')).rejects.toMatchObject({ code: 'InvalidPath', data: { path: 'sub/file.txt' } });
  });
});
