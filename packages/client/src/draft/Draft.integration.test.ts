import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hashBytes } from '@arca/store';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import { useClientServer } from '../testing/useClientServer.js';

const t = useClientServer(startServer);

describe('newDraft', () => {
  it('adds, replaces and removes files and logs the next version, uploading only the changed files', async () => {
    const big = randomBytes(3 * 1024 * 1024);
    const src = t.write('v0', { 'weights.bin': big, 'config.json': '{"lr":1}', 'old/a.txt': 'a', 'old/b.txt': 'b' });
    const c = t.client();
    const v0 = await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [src], metadata: { acc: 0.5 }, description: 'first' });
    const newConfig = t.write('new', { 'config.json': '{"lr":2}', 'extra/notes.md': '# notes' });

    const draft = await t.client().newDraft('e/p/m:latest');
    expect(draft.base.version).toBe('v0');
    draft.add(join(newConfig, 'config.json')).add(join(newConfig, 'extra'), 'docs').remove('old');
    const before = await c.stats();
    const r = await draft.log({ aliases: ['best'], metadata: { acc: 0.7 } });

    expect(r.created).toBe(true);
    expect(r.version).toMatchObject({ version: 'v1', type: 'model', aliases: ['best', 'latest'], metadata: { acc: 0.7 }, description: 'first' });
    expect(r.files.map((f) => f.path)).toEqual(['config.json', 'docs/notes.md', 'weights.bin']);
    // The 3 MiB file is named by digest, never re-sent: two small files, the tree, the version object.
    expect(r.bytesUploaded).toBeLessThan(2000);
    expect((await c.stats()).objects - before.objects).toBe(4);
    const weights = r.files.find((f) => f.path === 'weights.bin')!;
    expect(weights.digest).toBe(hashBytes(big));
    const diff = await c.diff('e/p/m:v0', 'e/p/m:v1');
    expect(diff.added.map((e) => e.path)).toEqual(['docs/notes.md']);
    expect(diff.removed.map((e) => e.path)).toEqual(['old/a.txt', 'old/b.txt']);
    expect(diff.changed.map((e) => e.path)).toEqual(['config.json']);
    expect(v0.version.version).toBe('v0');
  });

  it('an unchanged draft makes no new version; a draft of a registry link logs into the source collection', async () => {
    const src = t.write('v0', { 'm.onnx': 'model' });
    const c = t.client();
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [src] });
    await c.linkArtifact('e/p/m:v0', 'e/model-registry/Model');
    const same = await (await c.newDraft('e/p/m:v0')).log();
    expect(same).toMatchObject({ created: false, version: { version: 'v0' } });
    const extra = t.write('x', { 'README.md': 'hi' });
    const viaRegistry = await (await c.newDraft('e/model-registry/Model:v0')).add(join(extra, 'README.md')).log();
    expect(viaRegistry.version).toMatchObject({ collection: 'e/p/m', version: 'v1', fileCount: 2 });
  });

  it('refuses bad edits with typed errors, before anything is sent', async () => {
    const src = t.write('v0', { 'a/b.txt': 'b' });
    const c = t.client();
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [src] });
    const draft = await c.newDraft('e/p/m');
    expect(() => draft.remove('nothing/here')).toThrow(expect.objectContaining({ code: 'NotFound', data: { kind: 'path', name: 'nothing/here' } }));
    expect(() => draft.add(src, '../escape')).toThrow(expect.objectContaining({ code: 'InvalidPath' }));
    const file = t.write('f', { 'x.txt': 'x' });
    // A file where the base has a folder.
    draft.add(join(file, 'x.txt'), 'a');
    await expect(draft.log()).rejects.toMatchObject({ code: 'InvalidPath' });
    await expect((await c.newDraft('e/p/m')).add(join(file, 'missing.txt')).log()).rejects.toMatchObject({ code: 'InvalidPath' });
    await expect(c.newDraft('e/p/nothing')).rejects.toMatchObject({ code: 'NotFound' });
    expect((await c.listVersions('e/p/m')).length).toBe(1);
  });
});
