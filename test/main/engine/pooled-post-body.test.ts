import { createHash, randomBytes } from 'node:crypto';
import { writeFile, truncate } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import busboy from 'busboy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToStorage } from '../../../src-main/api/presigned-post.js';
import { BufferPool } from '../../../src-main/engine/buffer-pool.js';
import { JobFailure } from '../../../src-main/engine/job-failure.js';
import {
  pooledPostBody,
  type PooledPostBody,
  type PooledPostBodyOptions,
} from '../../../src-main/engine/pooled-post-body.js';
import { RateLimiter } from '../../../src-main/engine/rate-limiter.js';
import { uploadSource } from '../../../src-main/engine/source/upload-source.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const MiB = 1024 * 1024;

/**
 * A storage endpoint that takes a form POST and reads it slowly (a pause after every read), so the client's
 * socket backs up and a body reusing its buffers too early would send changed bytes; it answers the SHA-256 of
 * the file field it received. `dropAfter`: it cuts the connection once that many bytes arrived.
 */
async function slowStorage(options: { dropAfter?: number; pauseMs?: number } = {}) {
  const server = http.createServer((req, res) => {
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (options.dropAfter !== undefined && received >= options.dropAfter) return void req.socket.destroy();
      if (options.pauseMs === 0) return;
      req.pause();
      setTimeout(() => req.resume(), options.pauseMs ?? 1);
    });
    const form = busboy({ headers: req.headers });
    form.on('file', (_name, file) => {
      const digest = createHash('sha256');
      file.on('data', (chunk: Buffer) => digest.update(chunk));
      file.on('end', () => res.writeHead(204, { etag: `"${digest.digest('hex')}"` }).end());
    });
    req.pipe(form);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bucket`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the presigned POST body from pooled buffers', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const fileOf = async (size: number) => {
    const bytes = randomBytes(size);
    const file = path.join(temp.dir, 'slide.svs');
    await writeFile(file, bytes);
    return { file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  /** The body of `file` (`size` bytes, as recorded), unpaced. */
  const bodyOf = (
    file: string,
    size: number,
    pool: BufferPool,
    hash: PooledPostBodyOptions['hash'],
    onSent: (bytes: number) => void = () => undefined,
  ) =>
    pooledPostBody({
      open: () => uploadSource(file).openReader(),
      size,
      pool,
      limiter: new RateLimiter(undefined),
      hash,
      onSent,
      signal: new AbortController().signal,
    });
  /** The form POST, as the engine sends it. */
  const post = (url: string, pooled: PooledPostBody, size: number) =>
    postToStorage(
      { url, key: 'slides/slide.svs' },
      { body: pooled.body, size, fileName: 'slide.svs', onWritten: pooled.onWritten },
    );

  it('sends exactly the file through a slow server while reusing a few buffers, each only once hashed and written', async () => {
    const { file, bytes, sha256 } = await fileOf(24 * MiB + 12345);
    const storage = await slowStorage();
    // Keeps one idle buffer: the one released last is the one handed out next, so an early release shows.
    const pool = new BufferPool(1, MiB);
    const buffersSeen = new Set<ArrayBufferLike>();
    // The hash reads each chunk a little later (as the worker thread does): a buffer reused before the hash was
    // done would give another digest.
    const digest = createHash('sha256');
    let hashing = Promise.resolve();
    let sent = 0;
    const pooled = bodyOf(
      file,
      bytes.length,
      pool,
      (chunk) => {
        buffersSeen.add(chunk.buffer);
        hashing = hashing
          .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
          .then(() => {
            digest.update(chunk);
          });
        return hashing;
      },
      (bytesSent) => (sent = bytesSent),
    );
    try {
      const etag = await post(storage.url, pooled, bytes.length);
      await hashing;
      await pooled.finish(true);
      expect(etag).toBe(`"${sha256}"`); // what the server received
      expect(digest.digest('hex')).toBe(sha256); // what the hash read
      expect(sent).toBe(bytes.length);
      // 25 chunks of 1 MiB went out of a handful of buffers, all back in the pool now.
      expect(buffersSeen.size).toBeGreaterThan(0);
      expect(buffersSeen.size).toBeLessThanOrEqual(8);
      expect(pool.idleBytes).toBe(MiB);
    } finally {
      await storage.close();
    }
  });

  it('reads no further while 8 chunks wait for a slow hasher (each would hold a buffer)', async () => {
    const { file, bytes, sha256 } = await fileOf(24 * MiB);
    const storage = await slowStorage({ pauseMs: 0 });
    let asked = 0;
    let hashed = 0;
    let mostWaiting = 0;
    const digest = createHash('sha256');
    let queue = Promise.resolve();
    const pooled = bodyOf(file, bytes.length, new BufferPool(4), (chunk) => {
      asked += 1;
      mostWaiting = Math.max(mostWaiting, asked - hashed);
      // A hasher far slower than the socket: 20 ms a chunk.
      queue = queue
        .then(() => new Promise<void>((resolve) => setTimeout(resolve, 20)))
        .then(() => {
          digest.update(chunk);
          hashed += 1;
        });
      return queue;
    });
    try {
      const etag = await post(storage.url, pooled, bytes.length);
      await queue;
      await pooled.finish(true);
      expect(etag).toBe(`"${sha256}"`);
      expect(digest.digest('hex')).toBe(sha256);
      expect(mostWaiting).toBeLessThanOrEqual(8);
    } finally {
      await storage.close();
    }
  });

  it('gives no buffer of a failed request back to the pool (its socket may still hold them)', async () => {
    const { file, bytes } = await fileOf(16 * MiB);
    const storage = await slowStorage({ dropAfter: 3 * MiB });
    const pool = new BufferPool(4);
    const buffersSeen = new Set<ArrayBufferLike>();
    const pooled = bodyOf(file, bytes.length, pool, (chunk) => void buffersSeen.add(chunk.buffer));
    try {
      await expect(post(storage.url, pooled, bytes.length)).rejects.toThrow();
      await pooled.finish(false);
      // Buffers the socket had taken went back to the pool while the request ran; those still out when it failed
      // (read, or waiting for the socket) did not.
      expect(buffersSeen.size).toBeGreaterThan(0);
      expect(pool.idleBytes / MiB).toBeLessThan(buffersSeen.size);
    } finally {
      await storage.close();
    }
  });

  it('fails with source-changed, naming the file, when the file is shorter than recorded', async () => {
    const { file, bytes } = await fileOf(6 * MiB);
    await truncate(file, 4 * MiB + 7);
    const storage = await slowStorage();
    const pool = new BufferPool(4);
    const pooled = bodyOf(file, bytes.length, pool, () => undefined);
    try {
      await expect(post(storage.url, pooled, bytes.length)).rejects.toThrow();
      await pooled.finish(false);
      const failure = pooled.failure();
      expect(failure).toBeInstanceOf(JobFailure);
      expect((failure as JobFailure).kind).toBe('source-changed');
      expect((failure as JobFailure).message).toContain('slide.svs');
    } finally {
      await storage.close();
    }
  });
});
