import { ApiError } from '../api/api-error.js';
import type { TransferContext } from './transfer-context.js';
import { failpoint } from './failpoints.js';
import { JobFailure } from './job-failure.js';
import { multipartEtag } from './multipart-upload.js';

/** Completes the multipart upload and checks storage holds exactly the bytes sent (size and ETag). */
export async function completeMultipart(ctx: TransferContext): Promise<void> {
  const { job, api, jobs, parts, signal } = ctx;
  const recorded = parts.forJob(job.id);
  const expectedEtag = multipartEtag(recorded.map((part) => part.md5));
  failpoint('before-complete');
  try {
    const done = await api.completeMultipartUpload(
      job.image_unique_id!,
      job.upload_id!,
      { parts: recorded.map((part) => ({ PartNumber: part.part_number, ETag: part.etag })) },
      { signal },
    );
    if (done.size !== job.size || done.etag.replace(/"/g, '') !== expectedEtag) {
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
