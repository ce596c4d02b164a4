import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import { useClientServer } from '../testing/useClientServer.js';

const t = useClientServer(startServer);

async function logSample() {
  const src = t.write('src', {
    'models/a.onnx': 'model a',
    'models/sub/b.onnx': 'model b',
    'models-old/c.onnx': 'old model',
    'index.csv': 'x,y\n',
  });
  await t.client().logArtifact({ name: 'e/p/c', type: 'model', paths: [src] });
}

describe('partial pull', () => {
  it('fetches and verifies only the files under the prefixes, matched by whole segments', async () => {
    await logSample();
    const dir = join(t.state.work, 'out');
    const r = await t.client().download('e/p/c:v0', dir, { paths: ['models/', 'index.csv'] });
    expect(r.files.map((f) => f.path)).toEqual(['index.csv', 'models/a.onnx', 'models/sub/b.onnx']);
    expect(r.bytesDownloaded).toBe('x,y\n'.length + 'model a'.length + 'model b'.length);
    expect(readdirSync(dir).sort()).toEqual(['index.csv', 'models']);
    expect(readFileSync(join(dir, 'models/sub/b.onnx'), 'utf8')).toBe('model b');
    expect(existsSync(join(dir, 'models-old'))).toBe(false);
  });

  it('refuses a prefix that matches nothing, naming it, and writes nothing', async () => {
    await logSample();
    const dir = join(t.state.work, 'out');
    const err = await t.client().download('e/p/c', dir, { paths: ['models', 'model'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NotFound', data: { kind: 'path', name: 'model' } });
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses an unsafe or empty prefix list before any request', async () => {
    await logSample();
    const requests: string[] = [];
    const c = t.client({
      fetch: (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return fetch(input, init);
      },
    });
    await expect(c.download('e/p/c', join(t.state.work, 'o1'), { paths: ['../x'] })).rejects.toMatchObject({ code: 'InvalidPath' });
    await expect(c.download('e/p/c', join(t.state.work, 'o1'), { paths: ['/abs'] })).rejects.toMatchObject({ code: 'InvalidPath' });
    await expect(c.download('e/p/c', join(t.state.work, 'o2'), { paths: [] })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'paths' } });
    expect(requests).toEqual([]);
    expect(existsSync(join(t.state.work, 'o1'))).toBe(false);
  });

  it('works through useArtifact too', async () => {
    await logSample();
    const used = await t.client().useArtifact('e/p/c:latest');
    const r = await used.download(join(t.state.work, 'out'), { paths: ['models/sub'] });
    expect(r.files.map((f) => f.path)).toEqual(['models/sub/b.onnx']);
  });
});
