/** The most the pool keeps while idle between uses: 32 × 1 MiB bodies, or 4 × 8 MiB parts, and then some. */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;

/**
 * Reusable buffers for part bodies and small files sent from memory: a multipart upload holds `concurrency` parts
 * in memory (read once from disk, hashed, then sent), and reusing them keeps the resident size flat whatever the
 * file size. They live in shared memory, so the hash worker reads a part where it lies while the socket sends the
 * same bytes (no copy for either).
 *
 * The pool keeps as many buffers as were ever in use at once (at least `keep`, at most 64 MiB in all): with up to
 * 32 small files in flight, keeping only 4 made every other file allocate a fresh one that only a garbage
 * collection frees — 1,000 × 1 MiB files peaked at 200–400 MiB resident.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  private inUse = 0;
  private mostInUse = 0;
  private keptBytes = 0;

  constructor(
    private readonly keep: number,
    private readonly maxKeptBytes = MAX_KEPT_BYTES,
  ) {}

  acquire(size: number): Buffer {
    // The smallest free buffer that fits: a small file must not take the part buffer a big one needs next.
    let best = -1;
    for (let index = 0; index < this.free.length; index++) {
      const length = this.free[index]!.length;
      if (length >= size && (best < 0 || length < this.free[best]!.length)) best = index;
    }
    let buffer: Buffer;
    if (best >= 0) {
      buffer = this.free.splice(best, 1)[0]!;
      this.keptBytes -= buffer.length;
    } else buffer = Buffer.from(new SharedArrayBuffer(size));
    this.inUse++;
    this.mostInUse = Math.max(this.mostInUse, this.inUse);
    return buffer.subarray(0, size);
  }

  release(buffer: Buffer): void {
    this.inUse = Math.max(0, this.inUse - 1);
    // The part is a view of a whole allocation (its own SharedArrayBuffer from offset 0): keep the whole.
    const whole = Buffer.from(buffer.buffer, 0, buffer.buffer.byteLength);
    if (whole.length > this.maxKeptBytes) return;
    this.free.push(whole);
    this.keptBytes += whole.length;
    // Oldest out first: after a burst of small files, the part buffers of the big slide now uploading stay.
    while (this.free.length > Math.max(this.keep, this.mostInUse) || this.keptBytes > this.maxKeptBytes) {
      this.keptBytes -= this.free.shift()!.length;
    }
  }

  /**
   * Gives up a buffer without keeping it: its bytes may still be read by someone (the socket of a request that
   * failed), so it must never be handed out again. The garbage collector frees it.
   */
  discard(_buffer: Buffer): void {
    this.inUse = Math.max(0, this.inUse - 1);
  }

  /** Bytes kept for reuse right now (for tests). */
  get idleBytes(): number {
    return this.keptBytes;
  }
}
