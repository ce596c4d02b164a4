import { describe, expect, it } from 'vitest';
import { formatTable } from './formatTable.js';

describe('formatTable', () => {
  it('pads columns to the widest cell, the last one unpadded', () => {
    expect(formatTable(['ID', 'NAME', 'STATE'], [['a1', 'plain-run', 'running'], ['b2', 'x', 'finished']])).toBe(
      ['ID  NAME       STATE', 'a1  plain-run  running', 'b2  x          finished'].join('\n'),
    );
  });

  it('aligns by terminal cells: CJK characters take two, accents on a letter none', () => {
    const table = formatTable(['ID', 'NAME', 'STATE'], [['a1', 'plain-run-name', 'running'], ['b2', '訓練ラン', 'running'], ['c3', 'cafe\u0301', 'failed']]);
    expect(table).toBe(
      ['ID  NAME            STATE', 'a1  plain-run-name  running', 'b2  訓練ラン        running', 'c3  cafe\u0301            failed'].join('\n'),
    );
  });
});
