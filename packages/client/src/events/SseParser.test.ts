import { describe, expect, it } from 'vitest';
import { SseParser } from './SseParser.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('SseParser', () => {
  it('parses frames split anywhere, with every line ending, skipping comments', () => {
    const text = 'retry: 2000\nid: 0\n\n: heartbeat\n\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\nid:8\rdata:x\r\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const frames = [...p.push(enc(text.slice(0, cut))), ...p.push(enc(text.slice(cut)))];
      expect(frames, `cut at ${cut}`).toEqual([{ id: '0', retry: 2000 }, { id: '7', data: '{"a":\n1}' }, { id: '8', data: 'x' }]);
    }
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const bytes = enc('data: Zürich ✓\n\n');
    const p = new SseParser();
    const frames = [...bytes].flatMap((b) => p.push(Uint8Array.of(b)));
    expect(frames).toEqual([{ data: 'Zürich ✓' }]);
  });
});
