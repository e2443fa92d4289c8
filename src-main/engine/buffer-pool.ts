/**
 * Reusable part buffers: a multipart upload holds `concurrency` parts in memory (read once from disk, hashed,
 * then sent), and reusing them keeps the resident size flat whatever the file size. They live in shared memory,
 * so the hash worker reads a part where it lies while the socket sends the same bytes (no copy for either).
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(private readonly keep: number) {}

  acquire(size: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= size);
    const buffer = index >= 0 ? this.free.splice(index, 1)[0]! : Buffer.from(new SharedArrayBuffer(size));
    return buffer.subarray(0, size);
  }

  release(buffer: Buffer): void {
    // The part is a view of a whole allocation (its own SharedArrayBuffer from offset 0): keep the whole.
    const whole = Buffer.from(buffer.buffer, 0, buffer.buffer.byteLength);
    if (this.free.length < this.keep) this.free.push(whole);
  }
}
