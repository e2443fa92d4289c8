/**
 * Upload jobs as the engine shows them to the UI and the CLI. One job per slide file.
 *
 * A file whose quick fingerprint matches an earlier job's is `checking` while the queue reads it whole in the
 * background (adding never waits for a 10 GB hash): the same content ends `duplicate` (not uploaded; "upload
 * anyway" is a retry of that job), anything else goes on to `queued`.
 *
 * Active states name the phase a job is in: registering (`POST /Images`), uploading (bytes to storage),
 * finalizing (complete the multipart upload, verify, `PUT /Images/:id` status "Uploaded"). A job waiting to retry
 * after a temporary failure stays in its phase with `retryAt` set.
 */
export const JOB_STATES = [
  'checking',
  'queued',
  'registering',
  'uploading',
  'finalizing',
  'done',
  'paused',
  'failed',
  'cancelled',
  'duplicate',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const ACTIVE_STATES: readonly JobState[] = ['registering', 'uploading', 'finalizing'];
export const FINISHED_STATES: readonly JobState[] = ['done', 'failed', 'cancelled', 'duplicate'];
/** States in which a job still moves on by itself (the queue works on it or will). */
export const OPEN_STATES: readonly JobState[] = ['checking', 'queued', ...ACTIVE_STATES];
/** States in which a job waits for nobody but the user: finished, or paused. */
export const RESTING_STATES: readonly JobState[] = [...FINISHED_STATES, 'paused'];

export type UploadMode = 'multipart' | 'post';

export interface JobMetadata {
  userid: number;
  patient_id?: number | undefined;
  entity_id?: number | undefined;
  workarea?: number | undefined;
  study?: number | undefined;
  description?: string | undefined;
}

export interface JobError {
  message: string;
  /** e.g. 'network', 'rejected', 'source-changed', 'unreadable' */
  kind: string;
  retryable: boolean;
}

export interface JobView {
  id: number;
  sourcePath: string;
  fileName: string;
  size: number;
  state: JobState;
  metadata: JobMetadata;
  priority: number;
  imageId: number | null;
  imageUniqueId: string | null;
  mode: UploadMode | null;
  partSize: number | null;
  /** Bytes confirmed stored (parts done, or the whole file for a finished POST). */
  bytesDone: number;
  sha256: string | null;
  attempts: number;
  error: JobError | null;
  /** Epoch ms of the next automatic retry, when waiting after a temporary failure. */
  retryAt: number | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** The watch folder that queued it, if any. */
  watchFolderId: number | null;
  /** The server it belongs to, for people: its address, or "the embedded sandbox (data in …)". */
  destination: string | null;
  /**
   * It belongs to another server than the one the queue runs for now: held, never resumed, deduplicated against
   * or cleaned up here, until the user sends it to this server instead (`queue.retarget`).
   */
  elsewhere: boolean;
  /** In state `duplicate`: the earlier job with the same content (uploaded, or on its way). */
  duplicateOf: number | null;
  /** A multi-file slide (MIRAX, VSI, DICOM series) sent as one ZIP: how many files it holds; null for one file. */
  memberCount: number | null;
  /**
   * Uploaded de-identified: what was done, for the queue row ("label and macro removed, 5 identifying fields
   * blanked"). Absent when de-identification is off for the job.
   */
  deidentified?: string;
}

export interface JobProgress {
  id: number;
  /** Bytes sent so far, including parts in flight. */
  bytesSent: number;
  size: number;
  /** Bytes per second, smoothed. */
  speed: number;
  /** Seconds left at the current speed, or null when unknown. */
  eta: number | null;
}

export interface QueueTotals {
  bytesSent: number;
  bytesTotal: number;
  speed: number;
  eta: number | null;
  counts: Record<JobState, number>;
}
