import { buildTree, hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { diffTrees } from './diffTrees.js';

const f = (path: string, content: string) => ({ path, size: content.length, digest: hashBytes(Buffer.from(content)) });

describe('diffTrees', () => {
  it('lists added, removed and changed files by path', () => {
    const a = buildTree([f('same', '1'), f('gone', '2'), f('edited', '3')]).tree;
    const b = buildTree([f('same', '1'), f('edited', '4'), f('new', '5')]).tree;
    const d = diffTrees(a, b);
    expect(d.added.map((e) => e.path)).toEqual(['new']);
    expect(d.removed.map((e) => e.path)).toEqual(['gone']);
    expect(d.changed).toEqual([{ path: 'edited', from: f('edited', '3'), to: f('edited', '4') }]);
    expect(diffTrees(a, a)).toEqual({ added: [], removed: [], changed: [] });
  });
});
