import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

/** Dates every object file back two days, as if all were written long ago. */
function ageObjects(dataDir: string): void {
  const when = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.includes('.sqlite')) utimesSync(path, when, when);
    }
  };
  walk(join(dataDir, 'objects'));
}

describe('POST /gc', () => {
  const t = useTestServer();

  it('removes old objects no version needs and answers with the report', async () => {
    expect((await t.commit('acme/p/data', { 'a.txt': 'alpha' })).status).toBe(201);
    await t.putObject('uploaded, never committed');
    ageObjects(t.dataDir);

    const res = await t.call('POST', '/gc', { json: {} });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const report = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(
      ['dryRun', 'durationMs', 'exemptVersions', 'expiredVersions', 'gracePeriodSeconds', 'liveObjects', 'removedBytes', 'removedObjects', 'removedPacks', 'removedTempFiles', 'repackedBytes', 'repackedPacks', 'startedAt', 'storedBytes', 'storedObjects', 'youngObjects'],
    );
    // a.txt, its tree and the version object live; the stray upload removed.
    expect(report).toMatchObject({ dryRun: false, gracePeriodSeconds: 86400, liveObjects: 3, storedObjects: 4, removedObjects: 1, removedBytes: 25, youngObjects: 0 });
    expect(await t.stats()).toMatchObject({ objects: 3 });
    const alpha = await t.call('GET', `/objects/${hashBytes(Buffer.from('alpha'))}`);
    expect(alpha.status).toBe(200);
    expect(await alpha.text()).toBe('alpha');
  });

  it('with dryRun removes nothing', async () => {
    await t.putObject('stray');
    ageObjects(t.dataDir);
    const res = await t.call('POST', '/gc', { json: { dryRun: true } });
    expect(await res.json()).toMatchObject({ dryRun: true, removedObjects: 1, removedBytes: 5 });
    expect(await t.stats()).toEqual({ objects: 1, bytes: 5 });
  });

  it('keeps a recent upload whose commit has not come yet', async () => {
    await t.putObject('just uploaded');
    const res = await t.call('POST', '/gc', { json: { gracePeriodSeconds: 3600 } });
    expect(await res.json()).toMatchObject({ removedObjects: 0, youngObjects: 1, gracePeriodSeconds: 3600 });
  });

  it('keeps an old unreferenced object that was just uploaded again (the upload refreshes its age)', async () => {
    const digest = await t.putObject('uploaded long ago, and again now');
    ageObjects(t.dataDir);
    await t.putObject('uploaded long ago, and again now');
    const res = await t.call('POST', '/gc', { json: {} });
    expect(await res.json()).toMatchObject({ removedObjects: 0, youngObjects: 1 });
    expect((await t.call('GET', `/objects/${digest}`)).status).toBe(200);
  });

  it('refuses bad input with 400 naming the field, and runs nothing', async () => {
    await t.putObject('stray');
    ageObjects(t.dataDir);
    expect(await expectError(await t.call('POST', '/gc', { json: { dryRun: 'yes' } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'dryRun' });
    expect(await expectError(await t.call('POST', '/gc', { json: { gracePeriodSeconds: -1 } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'gracePeriodSeconds' });
    // Shorter than the store's freshen interval (an hour): commits could lose objects.
    expect(await expectError(await t.call('POST', '/gc', { json: { gracePeriodSeconds: 60 } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'gracePeriodSeconds' });
    expect(await expectError(await t.call('POST', '/gc', { json: { dryrun: true } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'dryrun' });
    await expectError(await t.call('POST', '/gc', { body: '{', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson');
    expect(await t.stats()).toEqual({ objects: 1, bytes: 5 });
  });
});
