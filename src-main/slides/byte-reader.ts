import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { InspectOptions, InspectionStats } from './types.js';

/** Reads that would need bytes past the end of the file: the file is cut short (or the pointer is garbage). */
export class PastEndOfFile extends Error {
  constructor(
    /** The byte the file would have to reach for the read to succeed. */
    readonly neededEnd: number,
    readonly what: string,
  ) {
    super(`${what} needs bytes up to ${neededEnd}, past the end of the file`);
    this.name = 'PastEndOfFile';
  }
}

/** Small reads are served from one cached window, so neighbouring header/tag reads cost one round trip (SMB/NFS). */
const WINDOW_BYTES = 64 * 1024;
/** A guard against absurd lengths from corrupt headers; legitimate tag arrays are far smaller. */
const MAX_SINGLE_READ = 256 * 1024 * 1024;

/**
 * Positioned reads of a file that may be many gigabytes on a network share: never reads the whole file,
 * never streams, only fetches the ranges a parser asks for.
 */
export class ByteReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  private readonly memos = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    /** Size when opened: everything is checked against this snapshot. */
    readonly size: number,
    private readonly signal: AbortSignal | undefined,
    private readonly stats: InspectionStats | undefined,
  ) {}

  static async open(file: string, options: InspectOptions = {}): Promise<ByteReader> {
    options.signal?.throwIfAborted();
    const handle = await open(file, 'r');
    try {
      const size = options.knownFile?.size ?? (await handle.stat()).size;
      return new ByteReader(handle, file, size, options.signal, options.stats);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The file name for messages. */
  get name(): string {
    return path.basename(this.file);
  }

  /** Up to `length` bytes at `position`; fewer (possibly none) when the file ends first. */
  async read(position: number, length: number): Promise<Buffer> {
    if (position < 0 || !Number.isFinite(position) || length <= 0 || position >= this.size)
      return Buffer.alloc(0);
    const available = Math.min(length, this.size - position);
    if (position >= this.windowStart && position + available <= this.windowStart + this.window.length) {
      return this.window.subarray(position - this.windowStart, position - this.windowStart + available);
    }
    if (available <= WINDOW_BYTES) {
      this.window = await this.readFromDisk(position, Math.min(WINDOW_BYTES, this.size - position));
      this.windowStart = position;
      return this.window.subarray(0, Math.min(available, this.window.length));
    }
    return this.readFromDisk(position, available);
  }

  /** Exactly `length` bytes at `position`, or PastEndOfFile naming `what` was being read. */
  async readExact(position: number, length: number, what: string): Promise<Buffer> {
    const bytes = await this.read(position, length);
    if (bytes.length < length) throw new PastEndOfFile(position + length, what);
    return bytes;
  }

  /**
   * What `make` derives from this open file, computed once per key while it is open: slide QC's structural pass
   * and its codec check parse the same TIFF directories, and the file (its size fixed when opened) cannot differ.
   */
  memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let found = this.memos.get(key) as Promise<T> | undefined;
    if (!found) {
      found = make();
      this.memos.set(key, found);
    }
    return found;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async readFromDisk(position: number, length: number): Promise<Buffer> {
    if (length > MAX_SINGLE_READ) throw new RangeError(`refusing to read ${length} bytes at once`);
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    // Network file systems may return short reads: loop until full or the file really ends.
    while (filled < length) {
      this.signal?.throwIfAborted();
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (this.stats) {
        this.stats.reads += 1;
        this.stats.bytesRead += bytesRead;
      }
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  }
}

/** 64-bit unsigned as a JS number; values beyond 2^53 (never a real offset) become Infinity. */
export function readUInt64(buffer: Buffer, at: number, littleEndian: boolean): number {
  const low = littleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at + 4);
  const high = littleEndian ? buffer.readUInt32LE(at + 4) : buffer.readUInt32BE(at);
  return high >= 0x200000 ? Number.POSITIVE_INFINITY : high * 2 ** 32 + low;
}
