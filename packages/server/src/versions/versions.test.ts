import { buildTree, encodeObject, hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/vision/raw_images';

describe('versions', () => {
  const t = useTestServer();

  async function collection(name = C) {
    const res = await t.call('GET', `/collections/${name}`);
    return res.status === 404 ? null : ((await res.json()) as { versions: { version: string; digest: string; aliases: string[] }[] });
  }

  describe('POST /collections/{e}/{p}/{n}/versions', () => {
    it('creates v0 with latest and the given aliases, recording the actor', async () => {
      const tree = await t.putTree({ 'b.txt': 'bee', 'a/x.txt': 'ex' });
      const res = await t.call('POST', `/collections/${C}/versions`, {
        json: { type: 'dataset', tree, metadata: { epochs: 3 }, description: 'first', aliases: ['best'], reason: 'initial' },
        key: await t.user('alice', { teams: { acme: 'member' } }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await res.json()) as { created: boolean; version: Record<string, unknown> };
      expect(body).toEqual({
        created: true,
        version: {
          collection: C,
          kind: 'artifact',
          type: 'dataset',
          version: 'v0',
          number: 0,
          digest: expect.stringMatching(/^b3:[0-9a-f]{64}$/),
          tree,
          size: 5,
          fileCount: 2,
          aliases: ['best', 'latest'],
          tags: [],
          metadata: { epochs: 3 },
          description: 'first',
          actor: 'alice',
          createdAt: expect.any(String),
          source: null,
          producer: null,
        },
      });
      const log = (await t.log(C)) as { ref: string; actor: string; reason: string }[];
      expect(log.map((e) => [e.ref, e.actor, e.reason])).toEqual([
        ['versions/v0', 'alice', 'initial'],
        ['aliases/latest', 'alice', 'initial'],
        ['aliases/best', 'alice', 'initial'],
      ]);
    });

    it('makes no new version for content equal to an existing one, and moves the aliases to it', async () => {
      const a = { 'model.onnx': 'weights A' };
      const first = (await (await t.commit(C, a)).json()) as { version: { digest: string } };
      expect((await t.commit(C, { 'model.onnx': 'weights B' })).status).toBe(201);
      const again = await t.commit(C, a, { aliases: ['best'] });
      expect(again.status).toBe(200);
      const body = (await again.json()) as { created: boolean; version: { version: string; digest: string; aliases: string[] } };
      expect(body.created).toBe(false);
      expect(body.version).toMatchObject({ version: 'v0', digest: first.version.digest, aliases: ['best'] });
      expect((await collection())!.versions.map((v) => [v.version, v.aliases])).toEqual([
        ['v0', ['best']],
        ['v1', ['latest']],
      ]);
    });

    it('gives the same tree, hence the same version, for the same files added in another order', async () => {
      const files = { 'z.txt': 'zed', 'a.txt': 'ay', 'm/n.txt': 'en' };
      const t1 = await t.putTree(files, ['z.txt', 'a.txt', 'm/n.txt']);
      const t2 = await t.putTree(files, ['m/n.txt', 'a.txt', 'z.txt']);
      expect(t2).toBe(t1);
      const r1 = await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: t1 } });
      const r2 = await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: t2 } });
      expect([r1.status, r2.status]).toEqual([201, 200]);
      const [v1, v2] = [(await r1.json()) as { version: unknown }, (await r2.json()) as { version: unknown }];
      expect(v2.version).toEqual(v1.version);
    });

    it('refuses a tree naming an object the server lacks: 409 MissingObjects, no version', async () => {
      const present = await t.putObject('present');
      const absent = hashBytes(Buffer.from('absent'));
      const tree = buildTree([
        { path: 'a', size: 7, digest: present },
        { path: 'b', size: 6, digest: absent },
      ]);
      await t.putObject(tree.bytes);
      const before = await t.stats();
      const data = await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: tree.digest } }), 409, 'MissingObjects');
      expect(data).toEqual({ missing: [absent] });
      expect(await collection()).toBeNull();
      expect(await t.stats()).toEqual(before);
    });

    it('refuses a tree that is not stored at all as missing', async () => {
      const tree = buildTree([{ path: 'a', size: 1, digest: hashBytes(Buffer.from('a')) }]).digest;
      const data = await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree } }), 409, 'MissingObjects');
      expect(data).toEqual({ missing: [tree] });
    });

    it('refuses a hand-built tree with an unsafe path: 400 InvalidPath', async () => {
      const x = await t.putObject('x');
      for (const path of ['../x', '/etc/x', 'a/../../x', 'a\\b']) {
        const tree = await t.putObject(encodeObject('tree', { format: 1, entries: [{ path, size: 1, digest: x }] }));
        const data = await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree } }), 400, 'InvalidPath');
        expect(data.path).toBe(path);
      }
      expect(await collection()).toBeNull();
    });

    it('refuses a tree that is not a canonical tree object: 400 InvalidArgument (tree), not a damaged store', async () => {
      const x = await t.putObject('x');
      const entry = { path: 'a', size: 1, digest: x };
      const trees = [
        encodeObject('tree', { format: 2, entries: [entry] }),
        encodeObject('tree', { format: 1, entries: [{ ...entry, mode: 420 }] }),
        encodeObject('tree', { format: 1, entries: [{ ...entry, path: 'b' }, entry] }), // out of order
        encodeObject('version', { format: 1, tree: x }),
        Buffer.from('not an object at all'),
        encodeObject('tree', null),
        encodeObject('tree', [entry]),
      ];
      for (const bytes of trees) {
        const tree = await t.putObject(bytes);
        const data = await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree } }), 400, 'InvalidArgument');
        expect(data.argument).toBe('tree');
      }
      expect(await collection()).toBeNull();
    });

    it('refuses a tree that gives a stored object the wrong size: 400, since no pull could deliver it', async () => {
      const x = await t.putObject('seven b');
      const chunkA = await t.putObject('a'.repeat(100));
      const chunkB = await t.putObject('b'.repeat(100));
      const fileDigest = hashBytes(Buffer.from('a'.repeat(100) + 'b'.repeat(100)));
      const lies = [
        buildTree([{ path: 'a', size: 1e9, digest: x }]),
        buildTree([{ path: 'big', size: 250, digest: fileDigest, chunks: [{ digest: chunkA, size: 100 }, { digest: chunkB, size: 150 }] }]),
        buildTree([{ path: 'a', size: 7, digest: x }, { path: 'b', size: 8, digest: x }]),
      ];
      for (const lie of lies) {
        const tree = await t.putObject(lie.bytes);
        const data = await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree } }), 400, 'InvalidArgument');
        expect(data.argument).toBe('tree');
      }
      expect(await collection()).toBeNull();
      const honest = buildTree([{ path: 'big', size: 200, digest: fileDigest, chunks: [{ digest: chunkA, size: 100 }, { digest: chunkB, size: 100 }] }]);
      await t.putObject(honest.bytes);
      expect((await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: honest.digest } })).status).toBe(201);
    });

    it('refuses a tree with two folders equal under Unicode normalization: 400 InvalidPath', async () => {
      const x = await t.putObject('x');
      const tree = buildTree([
        { path: 'caf\u00e9/a', size: 1, digest: x },
        { path: 'cafe\u0301/b', size: 1, digest: x },
      ]);
      await t.putObject(tree.bytes);
      expect(await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: tree.digest } }), 400, 'InvalidPath')).toMatchObject({ path: 'caf\u00e9/a' });
      expect(await collection()).toBeNull();
    });

    it('checks a tree of deep paths in time linear in its size, and still refuses files used as folders and twin folders deep down', async () => {
      const x = await t.putObject('x');
      // 150 files 4 KiB deep: 2,000 one-letter folders each, 600 KiB of tree. Every folder
      // spelled out as a string of its own took ~10 s of the server's one thread and ~1 GiB.
      const deep = Array(2040).fill('a').join('/');
      const entries = Array.from({ length: 150 }, (_, i) => ({ path: `${i}/${deep}`, size: 1, digest: x }));
      const started = performance.now();
      const tree = buildTree(entries);
      await t.putObject(tree.bytes);
      const res = await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: tree.digest } });
      expect(res.status).toBe(201);
      // Not a speed target: a guard against the square (17 s here before; 0.55 s after, so
      // a loaded machine has room).
      expect(performance.now() - started).toBeLessThan(8000);
      // Garbage collection reads every live tree again.
      expect((await t.call('POST', '/gc', { json: { dryRun: true } })).status).toBe(200);

      // The same checks as ever, at the bottom of those paths.
      const fileAsFolder = [...entries, { path: `7/${deep}/b`, size: 1, digest: x }];
      expect(() => buildTree(fileAsFolder)).toThrow(expect.objectContaining({ code: 'InvalidPath', data: expect.objectContaining({ path: `7/${deep}/b` }) }));
      const twins = buildTree([...entries.slice(0, 3), { path: `z/${deep}/caf\u00e9/a`, size: 1, digest: x }, { path: `z/${deep}/cafe\u0301/b`, size: 1, digest: x }]);
      await t.putObject(twins.bytes);
      const data = await expectError(await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: twins.digest } }), 400, 'InvalidPath');
      expect(data).toMatchObject({ path: `z/${deep}/caf\u00e9/a` });
      expect(data.reason).toContain(`folder "z/${deep}/caf\u00e9" is the same as "z/${deep}/cafe\u0301"`);
      expect(t.logged).toEqual([]);
    });

    it('a name that is not a team holds nothing, for a site admin too: 404 entity, nothing written', async () => {
      const tree = await t.putTree({ a: '1' });
      const data = await expectError(await t.call('POST', '/collections/nobody/p/x/versions', { json: { type: 'dataset', tree } }), 404, 'NotFound');
      expect(data).toEqual({ kind: 'entity', name: 'nobody' });
      expect(await expectError(await t.call('POST', '/runs/nobody/p', { json: {} }), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'nobody' });
      // Once it is a team, the same commit works.
      expect((await t.call('POST', '/teams', { json: { name: 'nobody' } })).status).toBe(201);
      expect((await t.call('POST', '/collections/nobody/p/x/versions', { json: { type: 'dataset', tree } })).status).toBe(201);
    });

    it('refuses logging another type into a collection: 409 TypeMismatch', async () => {
      await t.commit(C, { a: '1' });
      const data = await expectError(await t.commit(C, { a: '2' }, { type: 'model' }), 409, 'TypeMismatch');
      expect(data).toEqual({ collection: C, expected: 'dataset', actual: 'model' });
      expect((await collection())!.versions).toHaveLength(1);
    });

    it('refuses bad input with a 4xx naming it, and writes nothing', async () => {
      const tree = await t.putTree({ a: '1' });
      const before = await t.stats();
      const post = (path: string, json: unknown, headers?: Record<string, string>) =>
        t.call('POST', `/collections/${path}/versions`, { json, headers });
      const cases: [Response, number, string, Record<string, unknown>?][] = [
        [await t.call('POST', `/collections/${C}/versions`, { body: '{"type":', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson'],
        [await post(C, []), 400, 'InvalidArgument', { argument: 'body' }],
        [await post(C, { tree }), 400, 'InvalidArgument', { argument: 'type' }],
        [await post(C, { type: 1, tree }), 400, 'InvalidArgument', { argument: 'type' }],
        [await post(C, { type: 'dataset', tree: 5 }), 400, 'InvalidArgument', { argument: 'tree' }],
        [await post(C, { type: 'dataset', tree: 'b3:abc' }), 400, 'InvalidArgument', { argument: 'tree' }],
        [await post(C, { type: 'bad type!', tree }), 400, 'InvalidArgument', { argument: 'type' }],
        [await post(C, { type: 'dataset', tree, metadata: [] }), 400, 'InvalidArgument', { argument: 'metadata' }],
        [await post(C, { type: 'dataset', tree, metadata: 'x' }), 400, 'InvalidArgument', { argument: 'metadata' }],
        [await post(C, { type: 'dataset', tree, description: 3 }), 400, 'InvalidArgument', { argument: 'description' }],
        [await post(C, { type: 'dataset', tree, aliases: 'best' }), 400, 'InvalidArgument', { argument: 'aliases' }],
        [await post(C, { type: 'dataset', tree, aliases: [1] }), 400, 'InvalidArgument', { argument: 'aliases[0]' }],
        [await post(C, { type: 'dataset', tree, aliases: ['v3'] }), 400, 'InvalidName', { kind: 'alias', name: 'v3' }],
        [await post(C, { type: 'dataset', tree, aliases: ['.hidden'] }), 400, 'InvalidName', { kind: 'alias' }],
        [await post(C, { type: 'dataset', tree, reason: false }), 400, 'InvalidArgument', { argument: 'reason' }],
        [await post(C, { type: 'dataset', tree, reason: 'r'.repeat(4097) }), 400, 'InvalidArgument', { argument: 'reason' }],
        [await post(C, { type: 'dataset', tree, aliases: Array.from({ length: 101 }, (_, i) => `a${i}`) }), 400, 'InvalidArgument', { argument: 'aliases' }],
        [await post(C, { type: 'dataset', tree, alias: 'best' }), 400, 'InvalidArgument', { argument: 'alias' }],
        [await post('acme/vision/bad%21name', { type: 'dataset', tree }), 400, 'InvalidName', { kind: 'name', name: 'bad!name' }],
        [await post('acme/vision/a%2Fb', { type: 'dataset', tree }), 400, 'InvalidName', { kind: 'name', name: 'a/b' }],
        [await post('ac%20me/vision/x', { type: 'dataset', tree }), 400, 'InvalidName', { kind: 'entity' }],
        [await post('acme/model-registry/x', { type: 'dataset', tree }), 400, 'InvalidArgument', { argument: 'collection' }],
        [await post(C, { type: 'dataset', tree, description: 'x'.repeat(3 * 1024 * 1024) }), 413, 'PayloadTooLarge'],
        [await t.call('POST', `/collections/${C}/versions`, { body: Buffer.concat([Buffer.from(`{"type":"dataset","tree":"${tree}","description":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson', { reason: 'not valid UTF-8' }],
        // Not declared as JSON: what a browser sends cross-site with no CORS preflight.
        [await t.call('POST', `/collections/${C}/versions`, { body: JSON.stringify({ type: 'dataset', tree }), headers: { 'content-type': 'text/plain;charset=UTF-8' } }), 415, 'UnsupportedMediaType', { header: 'Content-Type', expected: 'application/json', got: 'text/plain;charset=UTF-8' }],
        [await t.call('POST', `/collections/${C}/versions`, { body: JSON.stringify({ type: 'dataset', tree }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UnsupportedMediaType'],
        // (fetch gives a string body text/plain; bytes go without a type.)
        [await t.call('POST', `/collections/${C}/versions`, { body: Buffer.from(JSON.stringify({ type: 'dataset', tree })) }), 415, 'UnsupportedMediaType', { got: null }],
        // Thousands of levels deep: refused, not a stack overflow (500).
        [await t.call('POST', `/collections/${C}/versions`, { body: `{"type":"dataset","tree":"${tree}","metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, headers: { 'content-type': 'application/json' } }), 400, 'InvalidArgument', { argument: 'metadata' }],
      ];
      for (const [res, status, code, data] of cases) {
        const got = await expectError(res, status, code);
        if (data) expect(got).toMatchObject(data);
      }
      expect(await collection()).toBeNull();
      expect(await t.stats()).toEqual(before);
    });

    it('numbers 20 concurrent commits of different content v0..v19 without gaps', async () => {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => t.commit(C, { 'epoch.txt': `epoch ${i}` })));
      const numbers = await Promise.all(
        responses.map(async (r) => {
          expect(r.status).toBe(201);
          return ((await r.json()) as { version: { number: number } }).version.number;
        }),
      );
      expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const versions = (await collection())!.versions;
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
      expect(versions[19]!.aliases).toEqual(['latest']);
    });
  });

  describe('GET /resolve', () => {
    it('resolves the latest, an alias, a number and a digest prefix', async () => {
      const v0 = ((await (await t.commit(C, { a: '1' }, { aliases: ['prod'] })).json()) as { version: { digest: string } }).version;
      const v1 = ((await (await t.commit(C, { a: '2' })).json()) as { version: { digest: string } }).version;
      const resolve = async (ref: string) => {
        const res = await t.call('GET', `/resolve?ref=${encodeURIComponent(ref)}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        return ((await res.json()) as { version: { version: string; digest: string } }).version;
      };
      expect(await resolve(C)).toEqual(v1);
      expect(await resolve(`${C}:latest`)).toEqual(v1);
      expect((await resolve(`${C}:prod`)).digest).toBe(v0.digest);
      expect((await resolve(`${C}:v0`)).digest).toBe(v0.digest);
      expect((await resolve(`${C}@${v0.digest.slice(0, 13)}`)).version).toBe('v0');
    });

    it('answers unknown refs with 404 and malformed ones with 400', async () => {
      await t.commit(C, { a: '1' });
      const resolve = (ref: string) => t.call('GET', `/resolve?ref=${encodeURIComponent(ref)}`);
      expect(await expectError(await resolve('acme/vision/nope'), 404, 'NotFound')).toEqual({ kind: 'collection', name: 'acme/vision/nope' });
      expect(await expectError(await resolve(`${C}:v7`), 404, 'NotFound')).toEqual({ kind: 'version', name: `${C}:v7` });
      expect(await expectError(await resolve(`${C}:gone`), 404, 'NotFound')).toEqual({ kind: 'alias', name: `${C}:gone` });
      expect(await expectError(await resolve(`${C}@b3:000000`), 404, 'NotFound')).toMatchObject({ kind: 'version' });
      await expectError(await resolve(`${C}@b3:12`), 400, 'InvalidName');
      await expectError(await resolve('acme/vision'), 400, 'InvalidName');
      await expectError(await resolve('acme/vision/bad!'), 400, 'InvalidName');
      expect(await expectError(await t.call('GET', '/resolve'), 400, 'InvalidArgument')).toMatchObject({ argument: 'ref' });
      expect(await expectError(await t.call('GET', `/resolve?ref=${C}&ref=${C}`), 400, 'InvalidArgument')).toMatchObject({ argument: 'ref' });
    });
  });
});
