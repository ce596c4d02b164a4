import { describe, expect, it } from 'vitest';
import { ProgressThrottle } from './ProgressThrottle.js';

describe('ProgressThrottle', () => {
  it('reports at most once per interval and always at the end', () => {
    const events: number[] = [];
    const p = new ProgressThrottle((e) => events.push(e.bytesDone), 'upload', 1000, 10, 60_000);
    for (let i = 0; i < 10; i++) p.add(100, 1);
    expect(events).toEqual([100]);
    p.finish();
    expect(events).toEqual([100, 1000]);
  });
});
