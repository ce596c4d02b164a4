import { ArcaError } from '@arca/store/pure';

export interface Frame {
  digest: string;
  bytes: Buffer;
}

const HEADER = 36;

/**
 * Incremental parser of `application/vnd.arca.objects` streams. Each object body
 * is copied once into a buffer of its exact size, so a 2 MiB chunk arriving in
 * 64 KiB pieces costs 2 MiB of copying, not a growing concat.
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private body: Buffer | null = null;
  private bodyFill = 0;
  private digest = '';

  constructor(
    private readonly maxObjectSize = 64 * 1024 * 1024,
    /** Where object bodies go; a download passes its recycling pool (see BufferPool). */
    private readonly alloc: (size: number) => Buffer = (size) => Buffer.allocUnsafe(size),
  ) {}

  push(piece: Uint8Array): Frame[] {
    const out: Frame[] = [];
    let pos = 0;
    while (pos < piece.length) {
      if (this.body === null) {
        const n = Math.min(HEADER - this.headerFill, piece.length - pos);
        this.header.set(piece.subarray(pos, pos + n), this.headerFill);
        this.headerFill += n;
        pos += n;
        if (this.headerFill < HEADER) break;
        this.digest = 'b3:' + this.header.toString('hex', 0, 32);
        const len = this.header.readUInt32BE(32);
        if (len > this.maxObjectSize) throw new ArcaError('InvalidFrame', `frame of ${len} bytes exceeds the object limit`, { digest: this.digest });
        this.body = this.alloc(len);
        this.bodyFill = 0;
      }
      const n = Math.min(this.body.length - this.bodyFill, piece.length - pos);
      this.body.set(piece.subarray(pos, pos + n), this.bodyFill);
      this.bodyFill += n;
      pos += n;
      if (this.bodyFill === this.body.length) {
        out.push({ digest: this.digest, bytes: this.body });
        this.body = null;
        this.headerFill = 0;
      }
    }
    return out;
  }

  /** True when the stream ended on a frame boundary. */
  get idle(): boolean {
    return this.body === null && this.headerFill === 0;
  }
}
