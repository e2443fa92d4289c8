import { Readable } from 'node:stream';
import type { BufferPool } from './buffer-pool.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SequentialReader } from './source/upload-source.js';

/** Chunks of the body: 1 MiB, as the file stream read before; with a bandwidth limit 256 KiB, for a smooth pace. */
const CHUNK_BYTES = 1024 * 1024;
const PACED_CHUNK_BYTES = 256 * 1024;
/**
 * Chunks read but not yet hashed, at most. The hasher (MD5 and SHA-256, ~0.6 GB/s together) is slower than a fast
 * link, and each chunk waiting for it holds a buffer: without a bound the pool grew by tens of MiB on loopback.
 */
const MAX_UNHASHED = 8;

export interface PooledPostBodyOptions {
  /** Opened at the first read: reads the source's bytes at increasing offsets (overlays and ZIPs included). */
  open: () => Promise<SequentialReader>;
  size: number;
  pool: BufferPool;
  limiter: RateLimiter;
  /** Takes each chunk in order; a promise resolves once the hasher is done reading the chunk's bytes. */
  hash: (chunk: Buffer) => Promise<unknown> | undefined;
  /** Bytes handed to the request so far (progress, the stall guard). */
  onSent: (bytes: number) => void;
  signal: AbortSignal;
}

export interface PooledPostBody {
  body: Readable;
  /** The request's socket took this chunk (it is in the kernel): its memory may change now. */
  onWritten: (chunk: Buffer) => void;
  /** Why reading the source failed (a shorter file: `source-changed`), if it did. */
  failure: () => unknown;
  /**
   * The request ended. `taken` — storage answered, so every chunk was taken — gives the buffers still out back to
   * the pool; otherwise they are left to the garbage collector (a failed request's socket may still hold them).
   */
  finish: (taken: boolean) => Promise<void>;
}

/**
 * The file part of a presigned POST, read into pooled buffers in shared memory: each chunk is read from disk once,
 * hashed where it lies (on the hash worker for big files) and handed to the socket as it is — no copy for the hash,
 * none for the socket, and no fresh buffer per chunk. (A file stream allocates a new megabyte per read; on a slow
 * link those buffers, garbage once written, set off a full garbage collection every ~1.2 s, measured at 100 Mbit/s.)
 * A buffer goes back to the pool only when the hasher is done with it and the socket has taken it, which the
 * request tells through {@link PooledPostBody.onWritten}; until then the next chunk takes another buffer, so what
 * is in memory is what backpressure lets through — a few chunks.
 */
export function pooledPostBody(options: PooledPostBodyOptions): PooledPostBody {
  const { size, pool, limiter, signal } = options;
  /** Chunks handed out and not yet back in the pool: whether the hasher and the socket are done with each. */
  const out = new Map<Buffer, { hashed: boolean; taken: boolean }>();
  let reader: SequentialReader | undefined;
  let offset = 0;
  let ended = false;
  let failure: unknown;
  /** Hashes not yet done, oldest first (the hasher takes chunks in order). */
  const unhashed: Array<Promise<unknown>> = [];

  const settle = (chunk: Buffer, what: 'hashed' | 'taken') => {
    const state = out.get(chunk);
    if (!state || ended) return;
    state[what] = true;
    if (!state.hashed || !state.taken) return;
    out.delete(chunk);
    pool.release(chunk);
  };

  const readChunk = async (at: number, length: number): Promise<Buffer> => {
    if (!reader) {
      const opened = await options.open();
      // Finished (aborted) while the source was opening: nothing else would close it.
      if (ended) {
        await opened.close();
        throw new Error('The request ended before its body was read.');
      }
      reader = opened;
    }
    while (unhashed.length >= MAX_UNHASHED) await unhashed[0];
    const chunk = pool.acquire(length);
    out.set(chunk, { hashed: false, taken: false });
    await reader.read(chunk, at);
    const hashing = options.hash(chunk);
    if (!hashing) settle(chunk, 'hashed');
    else {
      // A hash that failed fails the digest the caller waits for; this buffer then simply stays out of the pool.
      const done: Promise<unknown> = hashing.then(
        () => settle(chunk, 'hashed'),
        () => undefined,
      );
      unhashed.push(done);
      void done.then(() => unhashed.splice(unhashed.indexOf(done), 1));
    }
    if (limiter.limit) await limiter.take(length, signal);
    return chunk;
  };

  const body = new Readable({
    // One chunk waits here at most; the rest of the pipeline's backpressure bounds the others.
    highWaterMark: CHUNK_BYTES,
    read() {
      if (offset >= size) return void this.push(null);
      const length = Math.min(size - offset, limiter.limit ? PACED_CHUNK_BYTES : CHUNK_BYTES);
      const at = offset;
      offset += length;
      readChunk(at, length).then(
        (chunk) => {
          this.push(chunk);
          options.onSent(at + length);
        },
        (error: unknown) => {
          failure = error;
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });

  return {
    body,
    onWritten: (chunk) => settle(chunk, 'taken'),
    failure: () => failure,
    async finish(taken) {
      ended = true;
      body.destroy();
      for (const chunk of out.keys()) {
        if (taken) pool.release(chunk);
        else pool.discard(chunk);
      }
      out.clear();
      await reader?.close();
    },
  };
}
