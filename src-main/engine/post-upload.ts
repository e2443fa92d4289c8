import { Readable } from 'node:stream';
import { ApiError } from '../api/api-error.js';
import type { PresignedPost } from '../../src-shared/api/index.js';
import { hashInPlace, type StreamHash } from './hash-worker.js';
import { pooledPostBody } from './pooled-post-body.js';
import { JobFailure } from './job-failure.js';
import { formatBytes } from '../../src-shared/units/index.js';
import type { SourceVersion } from './source-file.js';
import { jobSource, recordedVersion } from './source/job-members.js';
import { stallGuard, type StallGuard } from './stall-guard.js';
import type { TransferContext } from './transfer-context.js';
import type { PresignedPosts } from './presigned-posts.js';

/** S3's limit for one POST (or PUT) of an object; larger objects need a multipart upload. */
export const MAX_POST_BYTES = 5 * 1024 ** 3;

/** Why a file cannot go by presigned POST, said before any byte is sent. */
export const tooLargeForPost = (fileName: string, size: number): JobFailure =>
  new JobFailure(
    'unsupported',
    `${fileName} is ${formatBytes(size)}, more than the 5 GiB one presigned POST can carry, and this server offers no ` +
      'multipart upload. Nothing was sent. Ask your PathomIQ administrator to enable multipart uploads ' +
      '(or, if Settings force "post", set the upload mode to automatic).',
    false,
  );

/** From this size on, hashing moves off the main thread (measured: it slows 1 MiB files, speeds 1 GiB by ~25 %). */
const OFF_THREAD_HASH_MIN_BYTES = 16 * 1024 * 1024;
/** Up to this size (and with no bandwidth limit) a file is read whole and sent from memory. */
const IN_MEMORY_MAX_BYTES = 8 * 1024 * 1024;
/** Chunks the in-memory body is handed out in, for progress and the stall guard. */
const BODY_CHUNK_BYTES = 256 * 1024;

/**
 * The API document's upload: a form POST to `response.url` with exactly the returned fields and the file last,
 * streamed from disk once — hashed (SHA-256 for the record, MD5 to check storage's ETag), paced and watched for
 * stalls on the way. A failure restarts the whole POST (a form POST cannot resume). Returns the SHA-256 hex and
 * storage's ETag (checked against the MD5 of what was sent) for the caller to record.
 */
export async function uploadByPost(
  ctx: TransferContext & { presignedPosts: PresignedPosts },
  presigned: PresignedPost,
): Promise<{ sha256: string; etag: string | null }> {
  const { job, signal } = ctx;
  const version = recordedVersion(job);
  const guard = stallGuard(signal, ctx.stallMs, 'The upload');
  let file: FileBody;
  try {
    file =
      job.size > 0 && job.size <= IN_MEMORY_MAX_BYTES && !ctx.limiter.limit
        ? await inMemoryBody(ctx, guard, version)
        : streamedBody(ctx, guard);
  } catch (error) {
    guard.dispose();
    throw error;
  }
  let etag: string | null;
  try {
    // The HTTP stack (axios, form-data) loads with the first upload, not with the queue.
    const { postToStorage } = await import('../api/presigned-post.js');
    etag = await postToStorage(presigned, {
      body: file.body,
      size: job.size,
      fileName: job.file_name,
      signal: guard.signal,
      onWritten: file.onWritten,
    });
  } catch (error) {
    file.hashing.discard();
    guard.dispose();
    await file.close(false);
    const failure = guard.stallReason() ?? file.failure?.() ?? error;
    if (
      failure instanceof ApiError &&
      failure.kind === 'forbidden' &&
      /expired/i.test(failure.serverMessage ?? '')
    ) {
      ctx.presignedPosts.forget(job.image_unique_id);
      throw new JobFailure(
        'upload-expired',
        'The upload link expired before the file got through; getting a new one.',
        true,
      );
    }
    throw failure;
  }
  guard.dispose();
  if (file.sent() !== job.size) {
    file.hashing.discard();
    await file.close(true);
    throw new JobFailure(
      'source-changed',
      `${job.file_name} changed while it was being sent (read ${file.sent()} bytes, expected ${job.size}); starting its upload over.`,
      true,
    );
  }
  // The hasher is done with every chunk once it gives the digests; storage answered, so the socket is too.
  const [sha256Hex, md5Hex] = await file.hashing.digest().finally(() => file.close(true));
  if (file.streamed) await jobSource(job).assertUnchanged(version);
  if (etag !== null && etag.replace(/"/g, '') !== md5Hex) {
    throw new JobFailure(
      'storage-mismatch',
      `Storage reports a different checksum for ${job.file_name} than was sent; uploading it again.`,
      true,
    );
  }
  return { sha256: sha256Hex!, etag };
}

/** The file part of the form, with the hashes of exactly the bytes it gives. */
interface FileBody {
  body: Readable | Buffer;
  hashing: Pick<StreamHash, 'digest' | 'discard'>;
  /** Bytes handed to the request so far. */
  sent: () => number;
  /** Read while sending (so checked again afterwards), or read whole before. */
  streamed: boolean;
  /** For a body of reused buffers: the request's socket took this chunk. */
  onWritten?: (chunk: Buffer) => void;
  /** Why reading the file failed, when that is what failed the request. */
  failure?: () => unknown;
  /** The request ended; `taken`: storage answered, so it took every byte (buffers may be reused). */
  close: (taken: boolean) => Promise<void>;
}

/**
 * Small files are read whole in one go, checked against their recorded version through the same handle, and
 * hashed before the request: no file stream, no pipeline, far fewer calls per file when thousands of small
 * files go up. The body still hands out chunks, so progress and the stall guard work as for big files.
 */
async function inMemoryBody(
  ctx: TransferContext,
  guard: StallGuard,
  version: SourceVersion,
): Promise<FileBody> {
  // A pooled buffer: a fresh megabyte per file kept the garbage collector busy (3× its time over 1,000 files).
  const bytes = ctx.pool.acquire(version.size);
  try {
    await jobSource(ctx.job).readWhole(version, bytes);
  } catch (error) {
    ctx.pool.release(bytes);
    throw error;
  }
  const hashing = hashInPlace(['sha256', 'md5']);
  hashing.update(bytes);
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= bytes.length) return void this.push(null);
      const end = Math.min(bytes.length, sent + BODY_CHUNK_BYTES);
      this.push(bytes.subarray(sent, end));
      sent = end;
      guard.touch();
      ctx.onProgress(sent);
    },
  });
  return {
    body,
    hashing,
    sent: () => sent,
    streamed: false,
    close: async () => {
      body.destroy();
      // Sent from memory in one request: its end (answered or failed) is the end of every use of the buffer.
      ctx.pool.release(bytes);
    },
  };
}

/**
 * Bigger files (and any file under a bandwidth limit) are read chunk by chunk into pooled buffers, hashed where
 * they lie (the big ones on the worker thread), paced and watched on the way: see pooled-post-body.ts.
 */
function streamedBody(ctx: TransferContext, guard: StallGuard): FileBody {
  const { job } = ctx;
  if (job.size === 0) {
    const hashing = hashInPlace(['sha256', 'md5']);
    return { body: Buffer.alloc(0), hashing, sent: () => 0, streamed: true, close: async () => undefined };
  }
  const hashing =
    job.size >= OFF_THREAD_HASH_MIN_BYTES ? ctx.hashWorker.startShared(['sha256', 'md5']) : undefined;
  const inPlace = hashing ? undefined : hashInPlace(['sha256', 'md5']);
  let sent = 0;
  const pooled = pooledPostBody({
    open: () => jobSource(job).openReader(),
    size: job.size,
    pool: ctx.pool,
    limiter: ctx.limiter,
    hash: (chunk) => (hashing ? hashing.updatePart(chunk) : inPlace!.update(chunk)),
    onSent: (bytes) => {
      sent = bytes;
      guard.touch();
      ctx.onProgress(sent);
    },
    signal: guard.signal,
  });
  return {
    body: pooled.body,
    hashing: hashing ?? inPlace!,
    sent: () => sent,
    streamed: true,
    onWritten: pooled.onWritten,
    failure: pooled.failure,
    close: (taken) => pooled.finish(taken),
  };
}
