import type { PresignedPost } from '../../src-shared/api/index.js';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/index.js';
import type { JobRow, JobStore } from './job-store.js';
import { failpoint } from './failpoints.js';

/** Server clocks and ours differ; an image made for this job may look this much older than the job's attempt. */
const CLOCK_SLACK_MS = 10 * 60 * 1000;

const serverTime = (adddate: string | null): number =>
  adddate ? Date.parse(`${adddate.replace(' ', 'T').slice(0, 23)}Z`) : Number.NaN;

/**
 * Finds the record(s) an earlier `POST /Images` of this job created when its answer was lost (crash, reset
 * connection): the user's images with this file name, still "In Progress", made since the job first tried,
 * and held by no other job. The newest is adopted; any others are this job's orphans and are deleted.
 */
async function reconcile(api: ApiClient, jobs: JobStore, job: JobRow, signal: AbortSignal): Promise<boolean> {
  const claimed = jobs.claimedImageIds(job.id, job.server ?? '');
  const since = (job.registering_since ?? job.created_at) - CLOCK_SLACK_MS;
  const candidates = (await api.listImagesOfUser(job.userid, { signal }))
    .filter(
      (image) =>
        image.filename === job.file_name &&
        image.status === 'In Progress' &&
        !claimed.has(image.image_unique_id),
    )
    .filter((image) => Number.isNaN(serverTime(image.adddate)) || serverTime(image.adddate) >= since)
    .sort((a, b) => b.id - a.id);
  const [adopted, ...orphans] = candidates;
  if (!adopted) return false;
  Object.assign(job, jobs.record(job.id, { image_id: adopted.id, image_unique_id: adopted.image_unique_id }));
  for (const orphan of orphans) {
    await api.deleteImage(orphan.image_unique_id, { signal }).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.kind === 'not-found')) throw error;
    });
  }
  return true;
}

/**
 * Makes sure the job has exactly one image record. Returns the presigned POST when a record was just created
 * (it exists only in memory: it is a credential), or undefined when an existing record was adopted.
 */
export async function registerImage(
  api: ApiClient,
  jobs: JobStore,
  job: JobRow,
  signal: AbortSignal,
): Promise<PresignedPost | undefined> {
  if (job.image_unique_id) return undefined;
  if (job.registering_since !== null && (await reconcile(api, jobs, job, signal))) return undefined;
  Object.assign(job, jobs.record(job.id, { registering_since: job.registering_since ?? Date.now() }));
  failpoint('before-create-image');
  const created = await api.createImage(
    {
      filename: job.file_name,
      userid: job.userid,
      ...(job.patient_id !== null ? { patient_id: job.patient_id } : {}),
      ...(job.entity_id !== null ? { entity_id: job.entity_id } : {}),
      ...(job.workarea !== null ? { workarea: job.workarea } : {}),
      ...(job.study !== null ? { study: job.study } : {}),
    },
    { signal },
  );
  failpoint('after-create-image');
  Object.assign(job, jobs.record(job.id, { image_id: created.id, image_unique_id: created.image_unique_id }));
  return created.response;
}

/** Deletes the job's record (it has no finished upload) so a new one can be made; a missing record is fine. */
export async function dropImage(
  api: ApiClient,
  jobs: JobStore,
  job: JobRow,
  signal?: AbortSignal,
): Promise<void> {
  if (job.image_unique_id) {
    await api.deleteImage(job.image_unique_id, { signal }).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.kind === 'not-found')) throw error;
    });
  }
  Object.assign(
    job,
    jobs.record(job.id, {
      image_id: null,
      image_unique_id: null,
      registering_since: null,
      upload_id: null,
      upload_complete: 0,
      bytes_done: 0,
    }),
  );
}
