/**
 * Recycled buffers for the copies of chunks waiting to be uploaded, in
 * power-of-two size classes (chunks range from the 128 KiB minimum to the 2 MiB
 * maximum). A fresh buffer per chunk is a fresh mmap: measured on a 256 MiB log,
 * faulting in and freeing those pages was the client's largest single cost after
 * hashing. A buffer is handed out for one chunk and given back only once its
 * upload succeeded (the server answered after reading the whole body, so no
 * socket write still refers to it) or the server already had the chunk; one
 * never given back (a failure) is left to the GC, which is always safe.
 */
export class ChunkBufferPool {
  private readonly idle = new Map<number, Buffer[]>();
  /** Memory this pool made: only that is ever taken back, so a buffer someone else still holds is never handed out. */
  private readonly own = new WeakSet<ArrayBufferLike>();
  /** Buffers now idle: a second give() of the same buffer must not put it in the list twice (it would be handed out twice). */
  private readonly isIdle = new WeakSet<ArrayBufferLike>();
  private idleBytes = 0;

  constructor(
    /** Requests below this size get an ordinary buffer (small files: Node's allocator is cheap there). */
    readonly minPooled: number,
    /** Requests above this size get an ordinary buffer. */
    readonly maxPooled: number,
    /** Idle memory kept for reuse, over all classes; beyond it given-back buffers go to the GC. */
    private readonly maxIdleBytes: number,
  ) {}

  /** The memory that `take(size)` holds: the size class for pooled sizes, else `size`. */
  capacityOf(size: number): number {
    if (size < this.minPooled || size > this.maxPooled) return size;
    let c = this.minPooled;
    while (c < size) c *= 2;
    return c;
  }

  /** A buffer of exactly `size` bytes; its contents are undefined until the caller fills all of it. */
  take(size: number): Buffer {
    const capacity = this.capacityOf(size);
    if (capacity === size && (size < this.minPooled || size > this.maxPooled)) return Buffer.allocUnsafeSlow(size);
    let buf = this.idle.get(capacity)?.pop();
    if (buf) {
      this.idleBytes -= capacity;
      this.isIdle.delete(buf.buffer);
    } else {
      buf = Buffer.allocUnsafeSlow(capacity);
      this.own.add(buf.buffer);
    }
    return buf.subarray(0, size);
  }

  /** Returns a buffer from take(); the caller must hold no other reference to it. Others are ignored. */
  give(view: Buffer): void {
    if (!this.own.has(view.buffer) || this.isIdle.has(view.buffer)) return;
    const capacity = view.buffer.byteLength;
    if (this.idleBytes + capacity > this.maxIdleBytes) return;
    let list = this.idle.get(capacity);
    if (!list) this.idle.set(capacity, (list = []));
    list.push(Buffer.from(view.buffer, 0, capacity));
    this.isIdle.add(view.buffer);
    this.idleBytes += capacity;
  }
}
