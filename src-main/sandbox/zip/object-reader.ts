import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { S3Store } from '../s3/index.js';

/**
 * Lets yauzl read a stored object in place: every read is a ranged read of the object, so a multi-GB ZIP is
 * checked without ever being held in memory or copied out of the store. Streams opened here are destroyed when
 * `signal` aborts (an image deleted or the sandbox closing mid-check), which releases the store's blob leases.
 */
export class StoreObjectReader extends yauzl.RandomAccessReader {
  private readonly open = new Set<Readable>();
  /** Most recently used first. */
  private readonly windows: CachedWindow[] = [];

  constructor(
    private readonly store: S3Store,
    private readonly key: string,
    private readonly size: number,
    private readonly signal: AbortSignal,
  ) {
    super();
    signal.addEventListener('abort', () => this.destroyAll(), { once: true });
  }

  /**
   * yauzl reads headers a few dozen bytes at a time, and each ranged read of the store costs a stat of every
   * part of the object, so small reads are served from cached windows of the object: one keeps the central
   * directory (read entry after entry), the other the local headers, small members and data descriptors.
   */
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    const copy = (window: CachedWindow) => {
      window.bytes.copy(buffer, offset, position - window.start, position - window.start + length);
    };
    const index = this.windows.findIndex(
      (w) => position >= w.start && position + length <= w.start + w.bytes.length,
    );
    const cached = this.windows[index];
    if (cached) {
      this.windows.splice(index, 1);
      this.windows.unshift(cached);
      copy(cached);
      setImmediate(callback, null);
      return;
    }
    const end = Math.min(this.size, position + WINDOW_BYTES);
    if (length > WINDOW_BYTES || position + length > end) {
      super.read(buffer, offset, length, position, callback);
      return;
    }
    const window: CachedWindow = { start: position, bytes: Buffer.alloc(end - position) };
    super.read(window.bytes, 0, window.bytes.length, position, (error) => {
      if (error) return callback(error);
      this.windows.unshift(window);
      this.windows.length = Math.min(this.windows.length, WINDOWS);
      copy(window);
      callback(null);
    });
  }

  /** yauzl asks for [start, end) and needs a stream at once; the store opens ranges asynchronously. */
  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    this.track(out);
    if (this.signal.aborted) {
      out.destroy(abortError());
      return out;
    }
    this.store.openObject(this.key, { start, end: end - 1 }).then(
      (opened) => {
        if (!opened) return out.destroy(new Error('the stored object disappeared during the check'));
        if (out.destroyed) return opened.stream.destroy();
        this.track(opened.stream);
        opened.stream.once('error', (error: Error) => out.destroy(error));
        out.once('close', () => opened.stream.destroy());
        opened.stream.pipe(out);
      },
      (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    return out;
  }

  private track(stream: Readable): void {
    this.open.add(stream);
    stream.once('close', () => this.open.delete(stream));
  }

  private destroyAll(): void {
    for (const stream of this.open) stream.destroy(abortError());
  }
}

interface CachedWindow {
  start: number;
  bytes: Buffer;
}

const WINDOW_BYTES = 64 * 1024;
const WINDOWS = 2;

export const abortError = (): Error =>
  Object.assign(new Error('ZIP check cancelled'), { name: 'AbortError' });
