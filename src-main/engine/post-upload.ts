import { pipeline, Readable, Transform } from 'node:stream';
import { ApiError } from '../api/api-error.js';
import type { PresignedPost } from '../../src-shared/api/index.js';
import { hashInPlace, type StreamHash } from './hash-worker.js';
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
    });
  } catch (error) {
    file.hashing.discard();
    const failure = guard.stallReason() ?? error;
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
  } finally {
    guard.dispose();
    file.close();
  }
  if (file.sent() !== job.size) {
    file.hashing.discard();
    throw new JobFailure(
      'source-changed',
      `${job.file_name} changed while it was being sent (read ${file.sent()} bytes, expected ${job.size}); starting its upload over.`,
      true,
    );
  }
  const [sha256Hex, md5Hex] = await file.hashing.digest();
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
  hashing: StreamHash;
  /** Bytes handed to the request so far. */
  sent: () => number;
  /** Read while sending (so checked again afterwards), or read whole before. */
  streamed: boolean;
  close: () => void;
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
    close: () => {
      body.destroy();
      ctx.pool.release(bytes);
    },
  };
}

/** Bigger files stream from disk once, hashed (the big ones on the worker thread), paced and watched on the way. */
function streamedBody(ctx: TransferContext, guard: StallGuard): FileBody {
  const { job } = ctx;
  const hashing =
    job.size >= OFF_THREAD_HASH_MIN_BYTES
      ? ctx.hashWorker.start(['sha256', 'md5'])
      : hashInPlace(['sha256', 'md5']);
  let sent = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const hashed = hashing.update(chunk);
      sent += chunk.length;
      guard.touch();
      ctx.onProgress(sent);
      if (hashed) hashed.then(() => callback(null, chunk), callback);
      else callback(null, chunk);
    },
  });
  const file = jobSource(job).stream({ length: job.size });
  // pipeline() gives every stage an error listener and destroys them all on the first error: a pause aborting
  // the throttle must fail this request, never escape as an uncaught exception. The request reports the error.
  const source = ctx.limiter.limit
    ? pipeline(file, ctx.limiter.throttle(guard.signal), meter, ignoreHere)
    : pipeline(file, meter, ignoreHere);
  return {
    body: job.size === 0 ? Buffer.alloc(0) : source,
    hashing,
    sent: () => sent,
    streamed: true,
    close: () => file.destroy(),
  };
}

/** Pipeline errors surface through the request that reads the stream. */
const ignoreHere = (): void => undefined;
