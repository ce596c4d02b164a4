import { encodeObject, hashBytes, type VersionObject } from '@arca/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/vision/model';
const CREATED = '2026-11-01T10:00:00.000Z';

describe('POST /collections/{e}/{p}/{n}/offline-versions', () => {
  const t = useTestServer();

  /** What an offline log writes: content, tree, and a version object built on `parent`. */
  async function offlineVersion(files: Record<string, string>, extra: Partial<VersionObject> = {}): Promise<string> {
    const tree = await t.putTree(files);
    const obj: VersionObject = { format: 1, collection: C, type: 'model', tree, parent: null, metadata: { acc: 0.9 }, description: 'offline', producer: null, created: CREATED, ...extra };
    return t.putObject(encodeObject('version', obj));
  }

  // bob, an admin of acme, syncs; made once per test (each test has a fresh server).
  let bob: string | undefined;
  beforeEach(() => {
    bob = undefined;
  });
  async function sync(version: string, body: Record<string, unknown> = {}) {
    bob ??= await t.user('bob', { teams: { acme: 'admin' } });
    return t.call('POST', `/collections/${C}/offline-versions`, { json: { version, offlineNumber: 0, offlineActor: 'alice', ...body }, key: bob });
  }

  it('creates the version with the offline created time, reusing the version object when the parent matches', async () => {
    const digest = await offlineVersion({ 'm.onnx': 'weights' });
    const res = await sync(digest, { aliases: ['best'] });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toEqual({
      outcome: 'created',
      created: true,
      version: expect.objectContaining({ collection: C, version: 'v0', digest, type: 'model', aliases: ['best', 'latest'], metadata: { acc: 0.9 }, description: 'offline', actor: 'bob', createdAt: CREATED }),
      offline: { digest, number: 0, actor: 'alice', createdAt: CREATED },
    });
    const log = (await t.log(C)) as { ref: string; actor: string; reason: string }[];
    expect(log.map((e) => [e.ref, e.actor, e.reason])).toEqual([
      ['versions/v0', 'bob', 'synced from offline v0'],
      ['aliases/latest', 'bob', 'synced from offline v0'],
      ['aliases/best', 'bob', 'synced from offline v0'],
    ]);
  });

  it('is idempotent by the offline digest: a second sync answers 200 with the same version and changes nothing', async () => {
    const digest = await offlineVersion({ 'm.onnx': 'weights' });
    expect((await sync(digest)).status).toBe(201);
    const logBefore = await t.log(C);
    const again = await sync(digest, { aliases: ['other'] });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'already-synced', created: false, version: { version: 'v0', aliases: ['latest'] } });
    expect(await t.log(C)).toEqual(logBefore);
  });

  it('rebases onto versions the server got meanwhile: new parent, new digest, next number', async () => {
    expect((await t.commit(C, { 'm.onnx': 'online' }, { type: 'model' })).status).toBe(201);
    const digest = await offlineVersion({ 'm.onnx': 'offline' });
    const res = await sync(digest, { offlineNumber: 0 });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { version: { version: string; digest: string }; offline: { digest: string } };
    expect(body.version.version).toBe('v1');
    expect(body.version.digest).not.toBe(digest);
    expect(body.offline.digest).toBe(digest);
    expect((await sync(digest)).status).toBe(200);
  });

  it('content equal to an existing version makes no new one and moves the aliases there', async () => {
    expect((await t.commit(C, { 'm.onnx': 'same' }, { type: 'model' })).status).toBe(201);
    const digest = await offlineVersion({ 'm.onnx': 'same' });
    const res = await sync(digest, { aliases: ['best'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'same-content', created: false, version: { version: 'v0', aliases: ['best', 'latest'] } });
  });

  it('refuses bad input with a 4xx naming the problem, writing nothing', async () => {
    const digest = await offlineVersion({ 'm.onnx': 'w' });
    const tree = await t.putTree({ 'x': 'y' });
    const other = await t.putObject(encodeObject('version', { format: 1, collection: 'acme/vision/other', type: 'model', tree, parent: null, metadata: {}, description: '', producer: null, created: CREATED }));
    const badTime = await t.putObject(encodeObject('version', { format: 1, collection: C, type: 'model', tree, parent: null, metadata: {}, description: '', producer: null, created: 'yesterday' }));
    const unknown = hashBytes(Buffer.from('never uploaded'));
    expect(await expectError(await sync(unknown), 409, 'MissingObjects')).toEqual({ missing: [unknown] });
    expect(await expectError(await sync(tree), 400, 'InvalidArgument')).toMatchObject({ argument: 'version' });
    expect(await expectError(await sync(other), 400, 'InvalidArgument')).toMatchObject({ argument: 'version' });
    expect(await expectError(await sync(badTime), 400, 'InvalidArgument')).toMatchObject({ argument: 'version' });
    expect(await expectError(await sync('b3:zz'), 400, 'InvalidArgument')).toMatchObject({ argument: 'version' });
    expect(await expectError(await sync(digest, { offlineNumber: -1 }), 400, 'InvalidArgument')).toMatchObject({ argument: 'offlineNumber' });
    expect(await expectError(await sync(digest, { offlineNumber: '1' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'offlineNumber' });
    expect(await expectError(await sync(digest, { offlineActor: '' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'offlineActor' });
    expect(await expectError(await sync(digest, { aliases: ['bad/alias'] }), 400, 'InvalidName')).toBeDefined();
    expect(await expectError(await sync(digest, { extra: 1 }), 400, 'InvalidArgument')).toMatchObject({ argument: 'extra' });
    const notJson = await t.call('POST', `/collections/${C}/offline-versions`, { body: '{', headers: { 'content-type': 'application/json' } });
    await expectError(notJson, 400, 'InvalidJson');
    const registry = await t.call('POST', '/collections/acme/model-registry/M/offline-versions', { json: { version: digest, offlineNumber: 0, offlineActor: 'a' } });
    expect(await expectError(registry, 400, 'InvalidArgument')).toMatchObject({ argument: 'collection' });
    // A type clash with the collection.
    expect((await t.commit(C, { 'd.csv': 'x' }, { type: 'dataset' })).status).toBe(201);
    await expectError(await sync(digest), 409, 'TypeMismatch');
    expect(((await t.log(C)) as unknown[]).length).toBe(2);
  });
});
