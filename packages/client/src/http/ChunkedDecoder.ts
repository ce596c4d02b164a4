/**
 * Incremental decoder of an HTTP/1.1 `transfer-encoding: chunked` body. `push`
 * returns the data in the piece as views of it (nothing is copied) and how many
 * bytes of the piece it consumed: after the last chunk and its trailers it
 * stops, and what follows belongs to the next response on the connection.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'dataEnd' | 'trailer' | 'done' = 'size';
  /** The size line or trailer line read so far (short: hex digits, extensions, header lines). */
  private line = '';
  private left = 0;

  get done(): boolean {
    return this.state === 'done';
  }

  push(piece: Uint8Array): { data: Uint8Array[]; used: number } {
    const data: Uint8Array[] = [];
    let pos = 0;
    while (pos < piece.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.left, piece.length - pos);
        data.push(piece.subarray(pos, pos + n));
        pos += n;
        this.left -= n;
        if (this.left === 0) this.state = 'dataEnd';
        continue;
      }
      const lf = piece.indexOf(0x0a, pos);
      const end = lf < 0 ? piece.length : lf + 1;
      this.line += Buffer.from(piece.buffer, piece.byteOffset + pos, end - pos).toString('latin1');
      pos = end;
      if (this.line.length > 8192) throw new Error('chunked body: line too long');
      if (lf < 0) break;
      const line = this.line.replace(/\r?\n$/, '');
      this.line = '';
      if (this.state === 'dataEnd') {
        if (line !== '') throw new Error('chunked body: missing CRLF after chunk data');
        this.state = 'size';
      } else if (this.state === 'size') {
        const hex = line.split(';', 1)[0]!.trim();
        if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new Error(`chunked body: bad chunk size ${JSON.stringify(hex)}`);
        this.left = parseInt(hex, 16);
        this.state = this.left === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        this.state = 'done';
      }
    }
    return { data, used: pos };
  }
}
