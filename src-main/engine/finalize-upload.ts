import { ApiError } from '../api/api-error.js';
import type { TransferContext } from './transfer-context.js';
import { failpoint } from './failpoints.js';
import { JobFailure } from './job-failure.js';
import { multipartEtag, stripQuotes } from './multipart-upload.js';
import { composeCrc32, crc32FromBase64, crc32ToBase64 } from '../shared/crc32.js';
import type { PartRow } from './db/parts-repo.js';

/**
 * The object's CRC-32 composed from its parts' (base64), when every part went with one; else undefined.
 * Composing costs microseconds per part: the whole object is not read again on either side.
 */
export function objectCrc32(recorded: readonly PartRow[]): string | undefined {
  if (!recorded.every((part) => part.crc32 !== null)) return undefined;
  return crc32ToBase64(
    composeCrc32(recorded.map((part) => ({ crc32: crc32FromBase64(part.crc32!), size: part.size }))),
  );
}

/**
 * Completes the multipart upload and checks storage holds exactly the bytes sent: its size, its ETag (S3's MD5
 * of the parts' ETags, which storage answered for parts it verified against our MD5 or CRC-32) and, when the
 * parts went with CRC-32s, the whole object's CRC-32 storage answers against the one composed here.
 */
export async function completeMultipart(ctx: TransferContext): Promise<void> {
  const { job, api, jobs, parts, signal } = ctx;
  const recorded = parts.forJob(job.id);
  const expectedEtag = multipartEtag(recorded.map((part) => stripQuotes(part.etag)));
  const expectedCrc32 = objectCrc32(recorded);
  failpoint('before-complete');
  try {
    const done = await api.completeMultipartUpload(
      job.image_unique_id!,
      job.upload_id!,
      { parts: recorded.map((part) => ({ PartNumber: part.part_number, ETag: part.etag })) },
      { signal },
    );
    const crcDiffers =
      expectedCrc32 !== undefined && done.checksumCrc32 !== undefined && done.checksumCrc32 !== expectedCrc32;
    if (done.size !== job.size || done.etag.replace(/"/g, '') !== expectedEtag || crcDiffers) {
      throw new JobFailure(
        'storage-mismatch',
        `Storage assembled ${done.size} bytes (ETag ${done.etag}) but ${job.size} were sent; uploading again.`,
        true,
      );
    }
  } catch (error) {
    // Completed before a crash, so storage no longer knows the upload id: check the object itself.
    if (!(error instanceof ApiError && error.kind === 'not-found')) throw error;
    await verifyStoredObject(ctx, expectedEtag);
  }
  failpoint('after-complete');
  Object.assign(job, jobs.record(job.id, { upload_complete: 1, stored_etag: `"${expectedEtag}"` }));
}

/** Checks the stored object's size (and ETag when given) through `GET S3/file/:uid` with a one-byte range. */
export async function verifyStoredObject(ctx: TransferContext, expectedEtag?: string): Promise<void> {
  const { job, api, signal } = ctx;
  let stored;
  try {
    stored = await api.openImageDownload(job.image_unique_id!, { range: { start: 0, end: 0 }, signal });
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'not-found') {
      throw new JobFailure(
        'storage-mismatch',
        'Storage has neither the partial upload nor the file; uploading again.',
        true,
      );
    }
    throw error;
  }
  stored.stream.destroy();
  const total = Number(/\/(\d+)$/.exec(stored.contentRange ?? '')?.[1] ?? Number.NaN);
  const etagMatches = !expectedEtag || !stored.etag || stored.etag.replace(/"/g, '') === expectedEtag;
  if ((job.size > 0 && total !== job.size) || !etagMatches) {
    throw new JobFailure(
      'storage-mismatch',
      `Storage holds ${Number.isNaN(total) ? 'an unexpected' : total}-byte object for ${job.file_name}; uploading again.`,
      true,
    );
  }
}
