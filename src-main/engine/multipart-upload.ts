import { createHash } from 'node:crypto';
import { ApiError } from '../api/index.js';
import type { UploadedPart } from '../../src-shared/api/index.js';
import { backoffDelay, sleep } from './backoff.js';
import type { PartRow } from './db/parts-repo.js';
import { failpoint } from './failpoints.js';
import { JobFailure } from './job-failure.js';
import { choosePartSize, planParts, type PartSpan } from './part-plan.js';
import { partBody } from './part-body.js';
import { PartUrls } from './part-urls.js';
import { jobSource, recordedVersion } from './source/job-members.js';
import { stallGuard } from './stall-guard.js';
import type { TransferContext } from './transfer-context.js';

const PART_ATTEMPTS = 5;
/** Fresh URLs one part may have refused as expired before the job backs off (failure policy: upload-expired). */
const MAX_EXPIRED_URLS = 20;
const stripQuotes = (etag: string): string => etag.replace(/^"|"$/g, '');

/** S3's ETag of a multipart object: MD5 of the parts' binary MD5s, "-", part count. */
export function multipartEtag(partMd5Hex: readonly string[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5Hex) hash.update(Buffer.from(md5, 'hex'));
  return `${hash.digest('hex')}-${partMd5Hex.length}`;
}

/** Starts a multipart upload for the job's image, or reuses the recorded one if storage still has it. */
async function ensureUpload(
  ctx: TransferContext,
): Promise<{ uploadId: string; remote: Map<number, UploadedPart> }> {
  const { job, api, jobs, parts, signal } = ctx;
  const key = job.image_unique_id!;
  if (job.upload_id) {
    try {
      const listed = await api.listParts(key, job.upload_id, { signal });
      return { uploadId: job.upload_id, remote: new Map(listed.map((part) => [part.PartNumber, part])) };
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'not-found')) throw error;
      ctx.notice('Storage no longer has the earlier partial upload; starting the bytes over.');
      parts.clear(job.id);
    }
  }
  const caps = await api.getMultipartCapabilities({ signal });
  const partSize = choosePartSize(job.size, ctx.partSize, caps ?? undefined);
  const { uploadId } = await api.createMultipartUpload(
    { imageid: key, filename: job.file_name, type: 'application/octet-stream' },
    { signal },
  );
  Object.assign(
    job,
    jobs.record(job.id, {
      upload_mode: 'multipart',
      upload_id: uploadId,
      part_size: partSize,
      bytes_done: 0,
    }),
  );
  return { uploadId, remote: new Map() };
}

/**
 * Sends the file's parts. One sequential reader reads each part once into a pooled buffer, feeds the whole-file
 * SHA-256 in order and the part's MD5; parts storage already holds (recorded here, or listed by storage after a
 * crash) are skipped when their MD5 matches, others go out `partConcurrency` at a time with Content-MD5.
 * Returns the file's SHA-256 hex.
 */
export async function uploadMultipartParts(ctx: TransferContext): Promise<string> {
  const { job, api, jobs, parts, signal } = ctx;
  const { uploadId, remote } = await ensureUpload(ctx);
  const partSize = job.part_size!;
  const plan = planParts(job.size, partSize);
  const recorded = new Map(parts.forJob(job.id).map((part) => [part.part_number, part]));
  const urls = new PartUrls(
    api,
    job.image_unique_id!,
    uploadId,
    plan.filter((p) => !recorded.has(p.partNumber)).map((p) => p.partNumber),
    signal,
  );
  const slots = ctx.partSlots;
  const sha256 = createHash('sha256');
  const inFlight = new Map<number, number>();
  let confirmed = [...recorded.values()].reduce((sum, part) => sum + part.size, 0);
  const report = () => ctx.onProgress(confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0));
  const failures: unknown[] = [];
  const running: Array<Promise<void>> = [];
  const version = recordedVersion(job);
  const source = jobSource(job);
  const reader = await source.openReader();
  const internal = new AbortController();
  const onAbort = () => internal.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });

  const confirm = (row: PartRow) => {
    parts.record(job.id, row);
    recorded.set(row.part_number, row);
    confirmed += row.size;
    jobs.record(job.id, { bytes_done: confirmed });
    failpoint('after-part');
  };

  try {
    for (const span of plan) {
      if (failures.length > 0 || internal.signal.aborted) break;
      const known = recorded.get(span.partNumber);
      const listed = remote.get(span.partNumber);
      const mayBeStored = (known && known.size === span.size) || (listed && listed.Size === span.size);
      if (!mayBeStored) await slots.acquire(internal.signal);
      const buffer = ctx.pool.acquire(span.size);
      try {
        await reader.read(buffer, span.offset);
      } catch (error) {
        ctx.pool.release(buffer);
        if (!mayBeStored) slots.release();
        throw error;
      }
      sha256.update(buffer);
      const md5 = createHash('md5').update(buffer).digest();
      const md5Hex = md5.toString('hex');
      if (known?.md5 === md5Hex && known.size === span.size) {
        ctx.pool.release(buffer);
        report();
        continue;
      }
      if (listed && listed.Size === span.size && stripQuotes(listed.ETag) === md5Hex) {
        // Stored before a crash, but not recorded: adopt it instead of sending it again.
        ctx.pool.release(buffer);
        confirm({ part_number: span.partNumber, size: span.size, etag: listed.ETag, md5: md5Hex });
        report();
        continue;
      }
      if (mayBeStored) await slots.acquire(internal.signal);
      running.push(
        sendPart(ctx, urls, span, buffer, md5, internal.signal, (bytes) => {
          inFlight.set(span.partNumber, bytes);
          report();
        })
          .then((etag) => confirm({ part_number: span.partNumber, size: span.size, etag, md5: md5Hex }))
          .catch((error: unknown) => {
            failures.push(error);
            internal.abort(error);
          })
          .finally(() => {
            inFlight.delete(span.partNumber);
            ctx.pool.release(buffer);
            slots.release();
          }),
      );
    }
    await Promise.all(running);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await reader.close();
  }
  if (signal.aborted) throw signal.reason;
  if (failures.length > 0) throw failures[0];
  await source.assertUnchanged(version);
  return sha256.digest('hex');
}

/** PUTs one part, retrying temporary failures and re-signing an expired URL. Returns the part's ETag. */
async function sendPart(
  ctx: TransferContext,
  urls: PartUrls,
  span: PartSpan,
  buffer: Buffer,
  md5: Buffer,
  signal: AbortSignal,
  onSent: (bytes: number) => void,
): Promise<string> {
  const md5Hex = md5.toString('hex');
  // An expired URL is not a failed attempt: under a tight bandwidth limit a part may wait long for its turn.
  // Re-signing is bounded apart, so a clock that makes every URL expired still ends (upload-expired).
  let expiries = 0;
  for (let attempt = 1; ; attempt += 1) {
    const url = await urls.get(span.partNumber);
    const guard = stallGuard(signal, ctx.stallMs, `Part ${span.partNumber}`);
    let sent = 0;
    try {
      const body = partBody(
        buffer,
        ctx.limiter,
        (bytes) => {
          sent += bytes;
          guard.touch();
          onSent(sent);
        },
        guard.signal,
      );
      const etag = await ctx.api.uploadPart(url, body, {
        contentLength: span.size,
        contentMd5: md5.toString('base64'),
        signal: guard.signal,
      });
      if (stripQuotes(etag) !== md5Hex) {
        throw new JobFailure(
          'storage-mismatch',
          `Storage stored part ${span.partNumber} with a different checksum; sending it again.`,
          true,
        );
      }
      return etag;
    } catch (caught) {
      const error = guard.stallReason() ?? caught;
      if (signal.aborted) throw signal.reason;
      onSent(0);
      const expired = error instanceof ApiError && error.kind === 'forbidden';
      if (expired) {
        urls.invalidate(span.partNumber);
        expiries += 1;
        if (expiries > MAX_EXPIRED_URLS)
          throw new JobFailure(
            'upload-expired',
            `Storage refused ${expiries} fresh links for part ${span.partNumber} as expired; check the computer's clock.`,
            true,
          );
        attempt -= 1;
      }
      const retryable =
        expired ||
        (error instanceof ApiError && (error.retryable || error.status === 400)) ||
        (error instanceof JobFailure && error.retryable);
      if (!retryable || attempt >= PART_ATTEMPTS) throw error;
      const retryAfterMs =
        error instanceof ApiError && error.retryAfterSeconds !== undefined
          ? error.retryAfterSeconds * 1000
          : 0;
      if (!expired) await sleep(Math.max(backoffDelay(attempt, 500, 8000), retryAfterMs), signal);
    } finally {
      guard.dispose();
    }
  }
}
