import { InvalidArgumentError } from '@arca/store';
import { FRAME_HEADER_BYTES } from './FRAME_HEADER_BYTES.js';

export interface Frame {
  digest: string;
  /** The object's bytes in order: views of the network buffers they arrived in. */
  bytes: Buffer[];
}

/**
 * Cuts a stream of `application/vnd.arca.objects` (groups of network buffers,
 * as requestBody yields them) into frames as the bytes arrive. A frame's body
 * is views of the buffers it arrived in, never a copy: the store hashes and
 * writes the parts in order.
 */
export async function* readFrames(source: AsyncIterable<readonly Buffer[]>, maxObjectBytes: number): AsyncGenerator<Frame> {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  let headerFill = 0;
  let digest = '';
  let body: Buffer[] | null = null;
  let bodySize = 0;
  let bodyFill = 0;
  for await (const group of source) {
    for (const chunk of group) {
      let off = 0;
      while (off < chunk.length) {
        if (body === null) {
          if (headerFill === 0 && chunk.length - off >= FRAME_HEADER_BYTES) {
            chunk.copy(header, 0, off, off + FRAME_HEADER_BYTES);
            off += FRAME_HEADER_BYTES;
          } else {
            const n = Math.min(FRAME_HEADER_BYTES - headerFill, chunk.length - off);
            chunk.copy(header, headerFill, off, off + n);
            headerFill += n;
            off += n;
            if (headerFill < FRAME_HEADER_BYTES) break;
          }
          headerFill = 0;
          digest = 'b3:' + header.toString('hex', 0, 32);
          const size = header.readUInt32BE(32);
          if (size > maxObjectBytes) throw new InvalidArgumentError('frame', `object ${digest} is larger than ${maxObjectBytes} bytes`);
          if (chunk.length - off >= size) {
            yield { digest, bytes: [chunk.subarray(off, off + size)] };
            off += size;
            continue;
          }
          body = [];
          bodySize = size;
          bodyFill = 0;
        }
        const n = Math.min(bodySize - bodyFill, chunk.length - off);
        body.push(chunk.subarray(off, off + n));
        bodyFill += n;
        off += n;
        if (bodyFill === bodySize) {
          yield { digest, bytes: body };
          body = null;
        }
      }
    }
  }
  if (headerFill > 0 || body !== null) throw new InvalidArgumentError('body', 'ends inside a frame');
}
