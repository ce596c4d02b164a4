import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { afterEach, describe, expect, it } from 'vitest';
import { useClientServer } from '../testing/useClientServer.js';

const t = useClientServer(startServer);
const home = process.cwd();
afterEach(() => process.chdir(home));

describe('download without a folder', () => {
  // W&B's `artifact.download()` takes no folder; before, this threw Node's
  // ERR_INVALID_ARG_TYPE from deep inside the download.
  it('writes into artifacts/<name>-<vN> under the working directory and says where', async () => {
    const src = t.write('src', { 'model.onnx': 'weights' });
    const c = t.client();
    await c.logArtifact({ name: 'e/p/nature-run1', type: 'model', paths: [src] });
    await c.linkArtifact('e/p/nature-run1:v0', 'e/model-registry/Nature Classifier', { aliases: ['staging'] });
    process.chdir(t.state.work);

    const used = await c.useArtifact('e/model-registry/Nature Classifier:staging');
    const r = await used.download();
    expect(r.dir).toBe(join(t.state.work, 'artifacts', 'Nature Classifier-v0'));
    expect(readFileSync(join(r.dir, 'model.onnx'), 'utf8')).toBe('weights');

    const again = await c.download('e/p/nature-run1:latest');
    expect(again.dir).toBe(join(t.state.work, 'artifacts', 'nature-run1-v0'));
    expect(readFileSync(join(again.dir, 'model.onnx'), 'utf8')).toBe('weights');
  });

  it('answers the folder it was given, absolute', async () => {
    const src = t.write('src', { 'a.txt': 'a' });
    const c = t.client();
    await c.logArtifact({ name: 'e/p/c', type: 'data', paths: [src] });
    process.chdir(t.state.work);
    const r = await c.download('e/p/c', 'out');
    expect(r.dir).toBe(join(t.state.work, 'out'));
  });
});
