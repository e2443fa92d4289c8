import type { Readable } from 'node:stream';
import { JobFailure } from '../job-failure.js';
import type { SequentialReader } from './upload-source.js';

/**
 * Positioned reads over a stream that can only be read from the start (a slide ZIP built on the fly). The
 * multipart uploader reads each part once, in order, so reads normally just continue; a read behind the current
 * position (never done today) restarts the stream, which gives the same bytes again.
 */
export class ZipStreamReader implements SequentialReader {
  private stream: Readable | undefined;
  private chunks: AsyncIterator<Buffer> | undefined;
  private leftover: Buffer = Buffer.alloc(0);
  private position = 0;

  constructor(
    private readonly open: () => Readable,
    private readonly name: string,
  ) {}

  async read(buffer: Buffer, offset: number): Promise<void> {
    if (offset < this.position || !this.chunks) this.restart();
    await this.skip(offset - this.position);
    let filled = 0;
    while (filled < buffer.length) {
      const chunk = await this.next();
      const take = Math.min(chunk.length, buffer.length - filled);
      chunk.copy(buffer, filled, 0, take);
      filled += take;
      this.leftover = chunk.subarray(take);
      this.position += take;
    }
  }

  async close(): Promise<void> {
    this.stream?.destroy();
    this.stream = undefined;
    this.chunks = undefined;
  }

  private restart(): void {
    this.stream?.destroy();
    this.stream = this.open();
    this.chunks = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.leftover = Buffer.alloc(0);
    this.position = 0;
  }

  private async skip(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      const chunk = await this.next();
      const take = Math.min(chunk.length, left);
      this.leftover = chunk.subarray(take);
      this.position += take;
      left -= take;
    }
  }

  /** The next bytes: what is left of the last chunk, or a new one; the end of the stream here is a short source. */
  private async next(): Promise<Buffer> {
    if (this.leftover.length > 0) return this.leftover;
    const { value, done } = await this.chunks!.next();
    if (done || !value)
      throw new JobFailure(
        'source-changed',
        `The slide ${this.name} changed (it got shorter) while it was being read; starting its upload over.`,
        true,
      );
    return value;
  }
}
