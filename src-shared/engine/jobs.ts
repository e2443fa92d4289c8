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
  /** Bytes handed to the network so far, including parts in flight: moves the job's bar smoothly. */
  bytesSent: number;
  size: number;
  /** Bytes per second storage acknowledged for this job (see {@link QueueTotals}); null while not known yet. */
  speed: number | null;
  /** Seconds left at that speed, or null while not known. */
  eta: number | null;
}

/**
 * What the ETA can say: `ready` (a number), `estimating` (uploads go on but the window holds too little yet),
 * `waiting` (all that is left waits to retry), `paused` (all that is left is paused), `idle` (nothing left).
 */
export type EtaState = 'ready' | 'estimating' | 'waiting' | 'paused' | 'idle';

/**
 * The queue's numbers, computed in one place (the engine's `QueueThroughput`) and shown as they are by the app,
 * the tray and the CLI. Bytes count when storage acknowledged them (a part stored, a POST completed), never when
 * they were handed to a socket.
 */
export interface QueueTotals {
  /** Epoch ms these numbers are for. */
  at: number;
  /** Bytes acknowledged of this server's jobs on the list (done ones whole; cancelled and duplicates left out). */
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second acknowledged over the last 20 s of upload time; null unless `etaState` is `ready`. */
  speed: number | null;
  /**
   * Seconds until the jobs that go on by themselves are sent (paused ones and those waiting to retry left out);
   * null unless `etaState` is `ready`.
   */
  eta: number | null;
  etaState: EtaState;
  counts: Record<JobState, number>;
}
