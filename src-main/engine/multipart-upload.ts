import { createHash } from 'node:crypto';
import { ApiError } from '../api/index.js';
import type { MultipartCapabilities, UploadedPart } from '../../src-shared/api/index.js';
import { crc32, crc32ToBase64, hasNativeCrc32 } from '../shared/crc32.js';
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
export const stripQuotes = (etag: string): string => etag.replace(/^"|"$/g, '');

/** S3's ETag of a multipart object: MD5 of the parts' binary MD5s (their ETags), "-", part count. */
export function multipartEtag(partMd5Hex: readonly string[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5Hex) hash.update(Buffer.from(md5, 'hex'));
  return `${hash.digest('hex')}-${partMd5Hex.length}`;
}

/** How storage verifies each part: CRC-32 where the server offers it (cheap), else Content-MD5 (S3's ETag). */
export type PartCheck = 'crc32' | 'md5';

/** CRC-32 when the capabilities document offers it and this Node can compute it natively; Content-MD5 otherwise. */
export const partCheckFor = (caps: MultipartCapabilities | null): PartCheck =>
  hasNativeCrc32 && caps?.checksumAlgorithms?.includes('CRC32') ? 'crc32' : 'md5';

/** Starts a multipart upload for the job's image, or reuses the recorded one if storage still has it. */
async function ensureUpload(
  ctx: TransferContext,
): Promise<{ uploadId: string; remote: Map<number, UploadedPart>; check: PartCheck }> {
  const { job, api, jobs, parts, signal } = ctx;
  const key = job.image_unique_id!;
  if (job.upload_id) {
    try {
      const [listed, caps] = await Promise.all([
        api.listParts(key, job.upload_id, { signal }),
        ctx.capabilities(),
      ]);
      return {
        uploadId: job.upload_id,
        remote: new Map(listed.map((part) => [part.PartNumber, part])),
        check: partCheckFor(caps),
      };
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'not-found')) throw error;
      ctx.notice('Storage no longer has the earlier partial upload; starting the bytes over.');
      parts.clear(job.id);
    }
  }
  const caps = await ctx.capabilities();
  const partSize = choosePartSize(job.size, ctx.partSize, caps ?? undefined);
  const check = partCheckFor(caps);
  const { uploadId } = await api.createMultipartUpload(
    {
      imageid: key,
      filename: job.file_name,
      type: 'application/octet-stream',
      ...(check === 'crc32' ? { checksumAlgorithm: 'CRC32' as const } : {}),
    },
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
  return { uploadId, remote: new Map(), check };
}

/** The checksum of a part as the chosen check records it: base64 CRC-32, or hex MD5. */
interface PartSum {
  check: PartCheck;
  value: string;
}

/** A recorded or listed part is ours when storage verified it with the same checksum the bytes have now. */
const recordedMatches = (row: PartRow | undefined, span: PartSpan, sum: PartSum): boolean =>
  row !== undefined &&
  row.size === span.size &&
  (sum.check === 'crc32' ? row.crc32 === sum.value : row.md5 === sum.value);

const listedMatches = (listed: UploadedPart | undefined, span: PartSpan, sum: PartSum): boolean =>
  listed !== undefined &&
  listed.Size === span.size &&
  (sum.check === 'crc32' ? listed.ChecksumCRC32 === sum.value : stripQuotes(listed.ETag) === sum.value);

const partRow = (span: PartSpan, etag: string, sum: PartSum): PartRow => ({
  part_number: span.partNumber,
  size: span.size,
  etag,
  md5: sum.check === 'md5' ? sum.value : null,
  crc32: sum.check === 'crc32' ? sum.value : null,
});

/**
 * Sends the file's parts. One sequential reader reads each part once into a pooled buffer in shared memory; the
 * hash worker adds it to the whole-file SHA-256 in place (and, for Content-MD5, computes the part's MD5), while
 * this thread only takes the part's CRC-32 when the server verifies those. Parts storage already holds (recorded
 * here, or listed by storage after a crash) are skipped when their checksum matches; others go out
 * `partConcurrency` at a time with their checksum, which storage verifies. Returns the file's SHA-256 hex.
 */
export async function uploadMultipartParts(ctx: TransferContext): Promise<string> {
  const { job, api, jobs, parts, signal } = ctx;
  const { uploadId, remote, check } = await ensureUpload(ctx);
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
  const sha256 = ctx.hashWorker.startShared(['sha256']);
  let confirmed = [...recorded.values()].reduce((sum, part) => sum + part.size, 0);
  let inFlightBytes = 0;
  const report = () => ctx.onProgress(confirmed + inFlightBytes);
  const failures: unknown[] = [];
  // Parts on the wire; each leaves the set when it settles (10,000 parts must not pile up in memory).
  const running = new Set<Promise<void>>();
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
      const buffer = ctx.pool.acquire(span.size);
      let hashed: Promise<string | undefined>;
      try {
        await reader.read(buffer, span.offset);
        // In order, once per part: the worker keeps the whole-file SHA-256 (and the part's MD5 when needed).
        hashed = sha256.updatePart(buffer, check === 'md5' ? 'md5' : undefined);
        if (check === 'md5') await hashed;
      } catch (error) {
        ctx.pool.release(buffer);
        throw error;
      }
      const sum: PartSum =
        check === 'crc32'
          ? { check, value: crc32ToBase64(crc32(buffer)) }
          : { check, value: (await hashed)! };
      if (recordedMatches(known, span, sum) || listedMatches(listed, span, sum)) {
        // Stored before a restart (recorded), or before a crash but not recorded: adopt it instead of sending it.
        if (!recordedMatches(known, span, sum)) confirm(partRow(span, listed!.ETag, sum));
        // Waiting for the worker here keeps the buffers in memory bounded while a resume reads stored parts.
        await hashed.finally(() => ctx.pool.release(buffer));
        report();
        continue;
      }
      // Read ahead: this part is read, checksummed and its URL signed while the parts before it are still on the
      // wire, then it waits for a slot — its PUT starts the moment one frees, not a round trip later. Part buffers
      // in memory: the parts in flight engine-wide, plus one per file uploading.
      urls.prefetch(span.partNumber, sum.check === 'crc32' ? sum.value : undefined);
      try {
        await slots.acquire(internal.signal);
      } catch (error) {
        await hashed.catch(() => undefined);
        ctx.pool.release(buffer);
        throw error;
      }
      let sentOfPart = 0;
      const sending: Promise<void> = sendPart(ctx, urls, span, buffer, sum, internal.signal, (bytes) => {
        inFlightBytes += bytes - sentOfPart;
        sentOfPart = bytes;
        report();
      })
        .then((etag) => {
          failpoint('after-part-stored'); // stored but not yet recorded: a resume finds it by listing
          confirm(partRow(span, etag, sum));
          urls.invalidate(span.partNumber); // used: its URL (a credential) need not stay in memory
        })
        .catch((error: unknown) => {
          failures.push(error);
          internal.abort(error);
        })
        .finally(async () => {
          inFlightBytes -= sentOfPart;
          report();
          // The worker may still be reading the buffer for the SHA-256: reuse it (and free its slot, which bounds
          // the part buffers in memory) only after that.
          await hashed.catch(() => undefined);
          ctx.pool.release(buffer);
          slots.release();
          running.delete(sending);
        });
      running.add(sending);
    }
    await Promise.all([...running]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await reader.close();
  }
  if (signal.aborted || failures.length > 0) sha256.discard();
  if (signal.aborted) throw signal.reason;
  if (failures.length > 0) throw failures[0];
  await source.assertUnchanged(version);
  const [hex] = await sha256.digest();
  return hex!;
}

/** PUTs one part, retrying temporary failures and re-signing an expired URL. Returns the part's ETag. */
async function sendPart(
  ctx: TransferContext,
  urls: PartUrls,
  span: PartSpan,
  buffer: Buffer,
  sum: PartSum,
  signal: AbortSignal,
  onSent: (bytes: number) => void,
): Promise<string> {
  const checksumCrc32 = sum.check === 'crc32' ? sum.value : undefined;
  // An expired URL is not a failed attempt: under a tight bandwidth limit a part may wait long for its turn.
  // Re-signing is bounded apart, so a clock that makes every URL expired still ends (upload-expired).
  let expiries = 0;
  for (let attempt = 1; ; attempt += 1) {
    const url = await urls.get(span.partNumber, checksumCrc32);
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
      const stored = await ctx.api.uploadPart(url, body, {
        contentLength: span.size,
        ...(sum.check === 'md5'
          ? { contentMd5: Buffer.from(sum.value, 'hex').toString('base64') }
          : { checksumCrc32 }),
        signal: guard.signal,
      });
      // Storage checked the bytes against the checksum sent (BadDigest otherwise); its answer must say so too.
      const verified =
        sum.check === 'md5' ? stripQuotes(stored.etag) === sum.value : stored.checksumCrc32 === sum.value;
      if (!verified) {
        throw new JobFailure(
          'storage-mismatch',
          `Storage stored part ${span.partNumber} with a different checksum; sending it again.`,
          true,
        );
      }
      return stored.etag;
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
