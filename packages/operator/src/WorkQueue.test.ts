import { describe, expect, it } from 'vitest';
import { WorkQueue } from './WorkQueue.js';

describe('WorkQueue', () => {
  it('runs a key queued twice once, and an add during its run once more afterwards, never concurrently', async () => {
    const runs: string[] = [];
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new WorkQueue(
      async (key) => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(key);
        if (runs.length === 1) await gate;
        active--;
      },
      { workers: 4, baseBackoffMs: 10, maxBackoffMs: 40, onError: () => {} },
    );
    q.start();
    q.add('a');
    q.add('a');
    await new Promise((r) => setTimeout(r, 20));
    q.add('a');
    q.add('a');
    release();
    await new Promise((r) => setTimeout(r, 50));
    await q.stop();
    expect(runs).toEqual(['a', 'a']);
    expect(maxActive).toBe(1);
  });

  it('backs off exponentially up to the maximum and starts over after forget', () => {
    const q = new WorkQueue(async () => {}, { workers: 1, baseBackoffMs: 100, maxBackoffMs: 350, onError: () => {} });
    expect([q.retry('k'), q.retry('k'), q.retry('k'), q.retry('k')]).toEqual([100, 200, 350, 350]);
    q.forget('k');
    expect(q.retry('k')).toBe(100);
    void q.stop();
  });
});
