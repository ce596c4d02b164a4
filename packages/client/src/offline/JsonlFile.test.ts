import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlFile } from './JsonlFile.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JsonlFile', () => {
  it('reads nothing from a missing file, and appends records one a line', () => {
    dir = mkdtempSync(join(tmpdir(), 'arca-jsonl-'));
    const f = new JsonlFile<{ n: number }>(join(dir, 'j.jsonl'));
    expect(f.read()).toEqual([]);
    f.append({ n: 1 });
    f.append({ n: 2 });
    expect(f.read()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('ignores a torn last line (a crash mid-append) and the next append replaces it', () => {
    dir = mkdtempSync(join(tmpdir(), 'arca-jsonl-'));
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, '{"n":1}\n{"n":');
    const f = new JsonlFile<{ n: number }>(path);
    expect(f.read()).toEqual([{ n: 1 }]);
    f.append({ n: 3 });
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":3}\n');
    expect(f.read()).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('reports a damaged line that is not the last', () => {
    dir = mkdtempSync(join(tmpdir(), 'arca-jsonl-'));
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, '{"n":1}\nnot json\n{"n":2}\n');
    expect(() => new JsonlFile(path).read()).toThrow(expect.objectContaining({ code: 'CorruptObject' }));
  });
});
