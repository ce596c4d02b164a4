/**
 * Recycled buffers for received objects. A fresh Buffer per 512 KiB chunk is
 * a fresh mmap: the kernel zeroes and faults in every page of a 1 GiB pull and
 * the GC then frees it again. A buffer is handed out for one object and given
 * back once the object is written and hashed; one never given back (an error
 * path) is left to the GC, which is always safe.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];
  /** Memory this pool made: only that is ever taken back, so a buffer someone else still holds is never handed out. */
  private readonly own = new WeakSet<ArrayBufferLike>();

  constructor(
    /** Size of every pooled buffer; larger requests get an ordinary one. */
    readonly bufferSize: number,
    private readonly keep: number,
  ) {}

  /** A buffer of exactly `size` bytes (a view of a pooled one when it fits). */
  take(size: number): Buffer {
    if (size > this.bufferSize) return Buffer.allocUnsafe(size);
    let buf = this.idle.pop();
    if (!buf) {
      buf = Buffer.allocUnsafeSlow(this.bufferSize);
      this.own.add(buf.buffer);
    }
    return buf.subarray(0, size);
  }

  /** Returns a buffer from take(); the caller must hold no other reference to it. */
  give(view: Buffer): void {
    if (!this.own.has(view.buffer)) return;
    if (this.idle.length < this.keep) this.idle.push(Buffer.from(view.buffer, 0, this.bufferSize));
  }
}
