/** One Server-Sent Events frame; comment lines (heartbeats) are dropped. */
export interface SseFrame {
  id?: string;
  data?: string;
  retry?: number;
}

/**
 * Cuts a byte stream into SSE frames (the WHATWG rules that matter here: LF, CR
 * or CRLF line ends, `field: value` with one optional space, multi-line data
 * joined by LF, comments starting with `:`). Feed bytes as they arrive.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private frame: { id?: string; data?: string[]; retry?: number } = {};

  push(bytes: Uint8Array): SseFrame[] {
    this.buffer += this.decoder.decode(bytes, { stream: true });
    const out: SseFrame[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        const f = this.frame;
        this.frame = {};
        if (f.id !== undefined || f.data !== undefined || f.retry !== undefined) {
          out.push({ ...(f.id !== undefined ? { id: f.id } : {}), ...(f.data ? { data: f.data.join('\n') } : {}), ...(f.retry !== undefined ? { retry: f.retry } : {}) });
        }
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' && !value.includes('\0')) this.frame.id = value;
      else if (field === 'data') (this.frame.data ??= []).push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.frame.retry = Number(value);
    }
    return out;
  }
}
