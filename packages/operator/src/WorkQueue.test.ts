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

  it('keeps one pending retry per key: adds of a failing key while it backs off do not start more retry chains', async () => {
    let runs = 0;
    const q: WorkQueue = new WorkQueue(
      async (key) => {
        runs++;
        q.retry(key);
      },
      { workers: 2, baseBackoffMs: 40, maxBackoffMs: 40, onError: () => {} },
    );
    q.start();
    // A resync (or an informer event) adding the key every 10 ms while each run fails.
    for (let i = 0; i < 10; i++) {
      q.add('k');
      await new Promise((r) => setTimeout(r, 10));
    }
    const before = runs;
    await new Promise((r) => setTimeout(r, 400));
    const during = runs - before;
    await q.stop();
    // One retry every 40 ms is 10 runs; one chain per add would be about 100.
    expect(during).toBeLessThanOrEqual(14);
  });
});
