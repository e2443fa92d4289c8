import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import axios from 'axios';
import FormData from 'form-data';
import { ApiError } from '../api/index.js';
import { toApiError } from '../api/to-api-error.js';
import { urlPath } from '../shared/redact.js';
import type { PresignedPost } from '../../src-shared/api/index.js';
import { hashInPlace } from './hash-worker.js';
import { JobFailure } from './job-failure.js';
import { assertUnchanged } from './source-file.js';
import { stallGuard } from './stall-guard.js';
import type { TransferContext } from './transfer-context.js';
import type { PresignedPosts } from './presigned-posts.js';

/** From this size on, hashing moves off the main thread (measured: it slows 1 MiB files, speeds 1 GiB by ~25 %). */
const OFF_THREAD_HASH_MIN_BYTES = 16 * 1024 * 1024;

/**
 * The API document's upload: a form POST to `response.url` with exactly the returned fields and the file last,
 * streamed from disk once — hashed (SHA-256 for the record, MD5 to check storage's ETag), paced and watched for
 * stalls on the way. A failure restarts the whole POST (a form POST cannot resume). Returns the SHA-256 hex.
 */
export async function uploadByPost(
  ctx: TransferContext & { presignedPosts: PresignedPosts },
  presigned: PresignedPost,
): Promise<string> {
  const { job, signal } = ctx;
  const version = { size: job.size, mtimeMs: job.mtime_ms };
  const { url, ...fields } = presigned;
  // Big files are hashed on the worker thread while this one moves bytes from the disk to the socket.
  const hashing =
    job.size >= OFF_THREAD_HASH_MIN_BYTES
      ? ctx.hashWorker.start(['sha256', 'md5'])
      : hashInPlace(['sha256', 'md5']);
  const guard = stallGuard(signal, ctx.stallMs, 'The upload');
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
  const file = createReadStream(job.source_path, {
    highWaterMark: 1024 * 1024,
    end: Math.max(0, job.size - 1),
    start: 0,
  });
  // pipeline() gives every stage an error listener and destroys them all on the first error: a pause aborting
  // the throttle must fail this request, never escape as an uncaught exception. The request reports the error.
  const source = ctx.limiter.limit
    ? pipeline(file, ctx.limiter.throttle(guard.signal), meter, ignoreHere)
    : pipeline(file, meter, ignoreHere);

  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', job.size === 0 ? Buffer.alloc(0) : source, {
    filename: job.file_name,
    contentType: 'application/octet-stream',
    knownLength: job.size,
  });

  let etag: unknown;
  try {
    const response = await axios.post(url, form, {
      headers: { ...form.getHeaders(), 'Content-Length': String(form.getLengthSync()) },
      signal: guard.signal,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      responseType: 'text',
    });
    etag = response.headers['etag'];
  } catch (error) {
    hashing.discard();
    const failure = guard.stallReason() ?? toApiError(error, `POST ${urlPath(url)} (storage)`);
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
    file.destroy();
  }
  if (sent !== job.size) {
    hashing.discard();
    throw new JobFailure(
      'source-changed',
      `Read ${sent} bytes of ${job.file_name} but expected ${job.size}; starting its upload over.`,
      true,
    );
  }
  const [sha256Hex, md5Hex] = await hashing.digest();
  await assertUnchanged(job.source_path, version);
  if (typeof etag === 'string' && etag.replace(/"/g, '') !== md5Hex) {
    throw new JobFailure(
      'storage-mismatch',
      `Storage reports a different checksum for ${job.file_name} than was sent; uploading it again.`,
      true,
    );
  }
  ctx.jobs.update(job.id, { stored_etag: typeof etag === 'string' ? etag : null });
  return sha256Hex!;
}

/** Pipeline errors surface through the request that reads the stream. */
const ignoreHere = (): void => undefined;
