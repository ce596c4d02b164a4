import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from './ProgressBar.js';

const MiB = 1024 * 1024;

/** A terminal-like stream that records what is written to it. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 120, writes, write: (s: string) => (writes.push(s), true) };
}

describe('ProgressBar', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  const at = (e: Partial<{ phase: string; bytesDone: number; bytesTotal: number }> = {}) => ({ phase: 'upload', bytesDone: 10 * MiB, bytesTotal: 64 * MiB, ...e });

  it('draws nothing before the delay', () => {
    const s = fakeStream(true);
    const bar = new ProgressBar(s, 1000);
    bar.update(at());
    vi.advanceTimersByTime(999);
    bar.update(at());
    bar.done();
    expect(s.writes).toEqual([]);
  });

  it('draws nothing on a stream that is not a terminal, however long it runs', () => {
    const s = fakeStream(false);
    const bar = new ProgressBar(s, 1000);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(500);
      bar.update(at({ bytesDone: i * MiB }));
    }
    bar.done();
    expect(s.writes).toEqual([]);
  });

  it('after the delay redraws one line in place (at most every 100 ms), and done() clears it', () => {
    const s = fakeStream(true);
    const bar = new ProgressBar(s, 1000);
    vi.advanceTimersByTime(2000);
    bar.update(at({ bytesDone: 16 * MiB }));
    expect(s.writes).toHaveLength(1);
    expect(s.writes[0]).toBe('\r' + bar.render(at({ bytesDone: 16 * MiB }), 2) + '\x1b[K');
    expect(s.writes[0]).not.toContain('\n');
    vi.advanceTimersByTime(50);
    bar.update(at({ bytesDone: 17 * MiB }));
    expect(s.writes).toHaveLength(1);
    vi.advanceTimersByTime(50);
    bar.update(at({ bytesDone: 18 * MiB }));
    expect(s.writes).toHaveLength(2);
    bar.done();
    expect(s.writes.at(-1)).toBe('\r\x1b[K');
    expect(s.writes).toHaveLength(3);
  });

  it('render() shows phase, bar, bytes, rate and ETA', () => {
    const bar = new ProgressBar(fakeStream(true));
    // Half of 64 MiB in 4 s: 8 MiB/s, 4 s to go.
    expect(bar.render(at({ bytesDone: 32 * MiB }), 4)).toBe('upload   [===========>            ] 32 MiB / 64 MiB  8.0 MiB/s  ETA 4s');
    expect(bar.render({ phase: 'download', bytesDone: 3 * 1024 * MiB, bytesTotal: 4 * 1024 * MiB }, 96)).toBe(
      'download [=================>      ] 3.0 GiB / 4.0 GiB  32 MiB/s  ETA 32s',
    );
    // Minutes in the ETA.
    expect(bar.render(at({ bytesDone: 1 * MiB, bytesTotal: 100 * MiB }), 2)).toBe('upload   [                        ] 1.0 MiB / 100 MiB  512 KiB/s  ETA 3m18s');
  });

  it('render() at the edges: nothing done yet, all done, an empty transfer', () => {
    const bar = new ProgressBar(fakeStream(true));
    expect(bar.render(at({ bytesDone: 0 }), 0)).toBe('upload   [                        ] 0 B / 64 MiB  0 B/s  ETA ?');
    expect(bar.render(at({ bytesDone: 64 * MiB }), 8)).toBe('upload   [=======================>] 64 MiB / 64 MiB  8.0 MiB/s  ETA 0s');
    expect(bar.render({ phase: 'scan', bytesDone: 0, bytesTotal: 0 }, 1)).toBe('scan     [=======================>] 0 B / 0 B  0 B/s  ETA ?');
  });

  it('never fills a narrow terminal\'s width: a wrapped line leaves a stale row on every redraw', () => {
    for (const columns of [20, 40, 60, 80]) {
      const s = { ...fakeStream(true), columns };
      const bar = new ProgressBar(s, 1000);
      vi.advanceTimersByTime(2000);
      bar.update({ phase: 'download', bytesDone: 300 * MiB, bytesTotal: 1000 * MiB });
      const line = s.writes[0]!.replace(/^\r/, '').replace(/\x1b\[K$/, '');
      expect(line.length).toBeLessThan(columns);
      expect(line).toContain('ETA');
    }
    // Without the bar, then without the rate, before anything is cut.
    const bar = new ProgressBar(fakeStream(true));
    const e = { phase: 'download', bytesDone: 300 * MiB, bytesTotal: 1000 * MiB };
    expect(bar.render(e, 2, 60)).toBe('download 300 MiB / 1000 MiB  150 MiB/s  ETA 5s');
    expect(bar.render(e, 2, 40)).toBe('download 300 MiB / 1000 MiB  ETA 5s');
    expect(bar.render(e, 2, 20)).toBe('download 30% ETA 5s');
    expect(bar.render(e, 2, 120)).toBe(bar.render(e, 2));
  });
});
