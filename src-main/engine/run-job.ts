import os from 'node:os';
import type { PresignedPost, UpdateImageRequest } from '../../src-shared/api/index.js';
import type { JobState, UploadMode } from '../../src-shared/engine/index.js';
import { ApiError } from '../api/api-error.js';
import type { JobPatch, JobRow } from './db/jobs-repo.js';
import { failpoint } from './failpoints.js';
import { JobFailure } from './job-failure.js';
import { completeMultipart } from './finalize-upload.js';
import { uploadMultipartParts } from './multipart-upload.js';
import { MAX_POST_BYTES, tooLargeForPost, uploadByPost } from './post-upload.js';
import { dropImage, registerImage } from './register-image.js';
import { formatBytes } from '../../src-shared/units/index.js';
import { sameVersion, type SourceVersion } from './source-file.js';
import { jobSource, membersToJson, recordedVersion } from './source/job-members.js';
import type { SlideCheckResult } from './check-slide.js';
import { deidLogLine, membersToRecord, planIsCurrent, replanDeidentification } from './deid-replan.js';
import type { TransferContext } from './transfer-context.js';
import type { PresignedPosts } from './presigned-posts.js';

export interface RunJobDeps extends Omit<TransferContext, 'job'> {
  /** Presigned POSTs kept in memory across attempts. */
  presignedPosts: PresignedPosts;
  /** How to upload a file of this size (multipart when offered and worth it, else the presigned POST). */
  chooseMode: (size: number) => Promise<UploadMode>;
  /** Posts a server log entry for the job's image without holding the job up. */
  serverLog: (job: JobRow, message: string) => void;
  /** Slide QC of a changed source (engine option `checkSlide`): its refusal, or the members of a multi-file slide. */
  checkSlide: (path: string) => Promise<SlideCheckResult>;
  /** Moves the job on, writing `patch` in the same commit; a stopped run only records the patch. */
  setState: (job: JobRow, state: JobState, patch?: JobPatch) => void;
}

/** Forgets a partial upload so the bytes start over (the source changed, or storage lost it). */
export async function resetUpload(
  deps: Pick<RunJobDeps, 'api' | 'jobs' | 'parts'>,
  job: JobRow,
): Promise<void> {
  if (job.upload_mode === 'multipart' && job.upload_id && job.image_unique_id) {
    await deps.api.abortMultipartUpload(job.image_unique_id, job.upload_id).catch(() => undefined);
  }
  deps.parts.clear(job.id);
  Object.assign(
    job,
    deps.jobs.record(job.id, {
      upload_id: null,
      upload_mode: null,
      part_size: null,
      upload_complete: 0,
      bytes_done: 0,
      sha256: null,
      stored_etag: null,
    }),
  );
}

/**
 * Full slide QC of the source at `version`, before its bytes count: a source that changed after slide QC passed
 * (a copy cut short or rewritten into something that is not a slide), or one queued with its pixel decoding owed
 * (watch folders), fails with QC's reason, never "Done". The version recorded as checked is the one seen before
 * the check, and only if it is still the file's version after it.
 */
async function checkSource(
  deps: Pick<RunJobDeps, 'checkSlide' | 'jobs'>,
  job: JobRow,
  version: SourceVersion,
  why: 'changed' | 'pixels-owed',
): Promise<void> {
  const check = await deps.checkSlide(job.source_path);
  if ('refusal' in check) {
    throw new JobFailure(
      'source-refused',
      why === 'changed'
        ? `${job.file_name} changed after it was queued and no longer passes slide QC, so it was not uploaded: ${check.refusal}`
        : `${job.file_name} failed slide QC when its image data was decoded before upload, so it was not uploaded: ${check.refusal}`,
      false,
    );
  }
  // A multi-file slide is what QC lists now: a data file added to its folder belongs in the ZIP (de-identified:
  // unless its new plan leaves it out).
  if (check.members) {
    const record = await membersToRecord(job, check.members);
    if (record.members !== job.members || record.deid_plan !== undefined)
      Object.assign(job, deps.jobs.record(job.id, record));
  }
  const after = await jobSource(job).stat();
  if (!sameVersion(after, version))
    throw new JobFailure(
      'source-changed',
      `${job.file_name} changed again while it was being checked.`,
      true,
    );
  Object.assign(
    job,
    deps.jobs.record(job.id, {
      checked_size: version.size,
      checked_mtime_ms: version.mtimeMs,
      pixel_qc_owed: 0,
    }),
  );
}

/**
 * The last check before "Uploaded": the bytes stored are the whole file, of the version slide QC passed (the
 * upload itself proved they were read from exactly the recorded version). Anything else starts the bytes over.
 */
function assertUploadedWhatPassedQc(job: JobRow): void {
  const wholeFile = job.upload_complete === 1 && job.sha256 !== null;
  const checkedVersion =
    job.checked_size === null ||
    (job.checked_size === job.size && job.checked_mtime_ms === job.mtime_ms && job.pixel_qc_owed === 0);
  if (!wholeFile || !checkedVersion) {
    throw new JobFailure(
      'source-changed',
      `${job.file_name} changed after slide QC passed: what was stored is not that version; uploading it again.`,
      true,
    );
  }
}

const metadataPatch = (job: JobRow): UpdateImageRequest => ({
  status: 'Uploaded',
  ...(job.workarea !== null ? { workarea_id: job.workarea } : {}),
  ...(job.study !== null ? { study_id: job.study } : {}),
  ...(job.patient_id !== null ? { patient_id: job.patient_id } : {}),
  ...(job.entity_id !== null ? { entity_id: job.entity_id } : {}),
  ...(job.description !== null ? { description: job.description } : {}),
});

/**
 * Runs one job from wherever its record says it is to done: register (`POST /Images`), upload, finalize
 * (complete, verify, `PUT /Images/:id` "Uploaded"). Each step records its result before the next side effect.
 * Errors propagate to the engine, which decides between retrying, restarting the bytes, holding or failing.
 */
export async function runJob(deps: RunJobDeps, job: JobRow): Promise<void> {
  const ctx: TransferContext = { ...deps, job };
  const log = (message: string) => deps.serverLog(job, message);
  const startedAt = Date.now();

  const current = await jobSource(job).stat();
  if (!sameVersion(current, recordedVersion(job))) {
    if (job.bytes_done > 0 || job.upload_id || job.upload_complete)
      deps.notice(`${job.file_name} changed since it was queued; its upload starts over.`);
    await resetUpload(deps, job);
    Object.assign(
      job,
      deps.jobs.record(job.id, {
        size: current.size,
        mtime_ms: current.mtimeMs,
        ...(current.members ? { members: membersToJson(current.members) } : {}),
      }),
    );
    if (job.checked_size !== null) await checkSource(deps, job, current, 'changed');
  }
  // Pixels are decoded before anything is sent: a slide with damaged image data never gets a server record.
  if (job.pixel_qc_owed === 1) await checkSource(deps, job, current, 'pixels-owed');
  if (!planIsCurrent(job)) await replanDeidentification(deps.jobs, job);

  // Chosen before any record is made: a file no upload mode can carry is refused without touching the server.
  const mode = job.upload_complete ? job.upload_mode : (job.upload_mode ?? (await deps.chooseMode(job.size)));
  if (mode === 'post' && job.size > MAX_POST_BYTES) throw tooLargeForPost(job.file_name, job.size);

  if (!job.image_unique_id) {
    deps.setState(job, 'registering');
    const created = await registerImage(deps.api, deps.jobs, job, deps.signal);
    if (created) deps.presignedPosts.remember(job.image_unique_id!, created);
  }

  if (!job.upload_complete) {
    deps.setState(job, 'uploading', mode === 'post' ? { upload_mode: 'post' } : undefined);
    const resumed = job.bytes_done > 0 || job.attempts > 0;
    const percent = job.size > 0 ? Math.floor((job.bytes_done / job.size) * 100) : 0;
    // A one-request POST gets a single entry when it finishes; a multipart upload says when it starts or resumes.
    if (resumed) log(`Upload resumed at ${percent}% (${mode}) from ${os.hostname()}`);
    else if (mode === 'multipart')
      log(`Upload started: ${job.file_name}, ${formatBytes(job.size)} (multipart) from ${os.hostname()}`);
    const deidLine = resumed ? undefined : deidLogLine(job);
    if (deidLine) log(deidLine);
    if (mode === 'multipart') {
      const sha256 = await uploadMultipartParts(ctx);
      deps.setState(job, 'finalizing', { sha256 });
      await completeMultipart(ctx);
    } else {
      let presigned: PresignedPost | undefined = deps.presignedPosts.recall(job.image_unique_id);
      if (!presigned) {
        // Expired, or forgotten by a restart: the seed API signs a POST only together with a new record.
        await dropImage(deps.api, deps.jobs, job, deps.signal);
        deps.setState(job, 'registering');
        presigned = await registerImage(deps.api, deps.jobs, job, deps.signal);
        if (!presigned)
          throw new JobFailure(
            'upload-expired',
            'The server gave no upload link for the new image record; retrying.',
            true,
          );
        deps.presignedPosts.remember(job.image_unique_id!, presigned);
        deps.setState(job, 'uploading');
      }
      const stored = await uploadByPost({ ...ctx, presignedPosts: deps.presignedPosts }, presigned);
      deps.presignedPosts.forget(job.image_unique_id);
      failpoint('after-post-upload');
      deps.setState(job, 'finalizing', {
        sha256: stored.sha256,
        stored_etag: stored.etag,
        upload_complete: 1,
        bytes_done: job.size,
      });
    }
  }

  deps.setState(job, 'finalizing');
  assertUploadedWhatPassedQc(job);
  failpoint('before-put-uploaded');
  try {
    await deps.api.updateImage(job.image_id!, metadataPatch(job), { signal: deps.signal });
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'not-found') {
      // The record was deleted on the server meanwhile: make a new one and upload again.
      await resetUpload(deps, job);
      await dropImage(deps.api, deps.jobs, job, deps.signal);
      throw new JobFailure(
        'storage-mismatch',
        `The image record of ${job.file_name} was deleted on the server; uploading it again.`,
        true,
      );
    }
    throw error;
  }
  if (job.bytes_done !== job.size) Object.assign(job, deps.jobs.record(job.id, { bytes_done: job.size }));
  const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
  log(
    `Upload finished: ${job.file_name}, ${formatBytes(job.size)} (${job.upload_mode ?? 'unknown'}) from ${os.hostname()} ` +
      `in ${seconds.toFixed(1)} s, SHA-256 ${job.sha256 ?? 'n/a'}`,
  );
}
