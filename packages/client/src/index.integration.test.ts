import { join } from 'node:path';
import { inspect } from 'node:util';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import {
  ArcaClient,
  ArcaError,
  DestinationConflictError,
  ForbiddenError,
  InvalidNameError,
  InvalidPathError,
  NotFoundError,
  TypeMismatchError,
  UnauthenticatedError,
  type VersionInfo,
} from './index.js';
import { TEST_ADMIN_KEY } from './testing/TEST_ADMIN_KEY.js';
import { useClientServer } from './testing/useClientServer.js';

const t = useClientServer(startServer);

// What a program that depends on @arca/client alone imports: @arca/store is not its dependency.
describe('the package entry, as a caller uses it', () => {
  it('exports the error classes a caller branches on, and they are what the client throws', async () => {
    const src = t.write('src', { 'm.onnx': 'model' });
    const c = t.client();
    const logged: VersionInfo = (await c.logArtifact({ name: 'team/p/m', type: 'model', paths: [src] })).version;
    expect(logged.version).toBe('v0');

    const missing = await c.resolve('team/p/m:v9').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(ArcaError);
    expect(missing).toMatchObject({ code: 'NotFound', data: { kind: 'version' } });

    const noKey = new ArcaClient({ url: t.state.url, apiKey: 'arca_nobody_0123456789abcdefghijklmnop', cacheDir: join(t.state.work, 'c') });
    await expect(noKey.resolve('team/p/m')).rejects.toBeInstanceOf(UnauthenticatedError);

    const bot = await c.access.createUser('bot');
    await c.access.setMember('team', bot.name, 'viewer');
    const { secret } = await c.access.createKey({ user: bot.name });
    const viewer = new ArcaClient({ url: t.state.url, apiKey: secret, cacheDir: join(t.state.work, 'v'), localWrites: false });
    await expect(viewer.logArtifact({ name: 'team/p/m', type: 'model', paths: [src] })).rejects.toBeInstanceOf(ForbiddenError);

    await expect(c.resolve('team/p')).rejects.toBeInstanceOf(InvalidNameError);
    await expect(c.logArtifact({ name: 'team/p/m', type: 'model', paths: [join(src, 'nope')] })).rejects.toBeInstanceOf(InvalidPathError);
    await expect(c.useArtifact('team/p/m', { type: 'dataset' })).rejects.toBeInstanceOf(TypeMismatchError);
    const out = t.write('out', { 'm.onnx': 'edited' });
    await expect(c.download('team/p/m', out)).rejects.toBeInstanceOf(DestinationConflictError);
  });

  it('does not show the API key when a client, a run or a draft is printed or serialized', async () => {
    const src = t.write('src', { 'm.onnx': 'model' });
    const c = new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(t.state.work, 'c'), localReads: false, localWrites: false });
    await c.logArtifact({ name: 'team/p/m', type: 'model', paths: [src] });
    const run = await c.initRun({ entity: 'team', project: 'p' });
    const draft = await c.newDraft('team/p/m');
    for (const value of [c, run, draft]) {
      expect(inspect(value, { depth: null, showHidden: true })).not.toContain(TEST_ADMIN_KEY);
      expect(JSON.stringify(value)).not.toContain(TEST_ADMIN_KEY);
    }
    await run.finish(); // the key is still sent
  });
});
