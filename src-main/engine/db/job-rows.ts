import type { JobState, JobView, UploadMode } from '../../../src-shared/engine/index.js';
import { statement, type Db } from '../../shared/sqlite.js';
import { describeDestination } from '../destination.js';

/**
 * The jobs table's row and the view made of it: the one description of a job row, shared by the job store (which
 * writes rows) and `queue` (which only reads them and must start fast). Kept free of zod, the engine and the slide
 * code: what needs them (a de-identification plan's words) is passed in.
 */
export interface JobRow {
  id: number;
  source_path: string;
  file_name: string;
  size: number;
  mtime_ms: number;
  userid: number;
  patient_id: number | null;
  entity_id: number | null;
  workarea: number | null;
  study: number | null;
  description: string | null;
  state: JobState;
  priority: number;
  position: number;
  image_id: number | null;
  image_unique_id: string | null;
  registering_since: number | null;
  upload_mode: UploadMode | null;
  upload_id: string | null;
  part_size: number | null;
  upload_complete: number;
  stored_etag: string | null;
  bytes_done: number;
  sha256: string | null;
  attempts: number;
  error_message: string | null;
  error_kind: string | null;
  error_retryable: number | null;
  retry_at: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  watch_folder_id: number | null;
  fingerprint: string | null;
  /** The destination (server) the job belongs to; see destination.ts. */
  server: string | null;
  /** 1: cleared from the queue view, kept as the memory of an upload ("already uploaded", duplicates). */
  hidden: number;
  /** The file version that passed slide QC; null when the job was added without checks. */
  checked_size: number | null;
  checked_mtime_ms: number | null;
  /** 1: the checked version's pixels are still to be decoded (before registering); see migration 013. */
  pixel_qc_owed: number;
  /** 1: queued by a watch folder (saved or not), not by a person; see migration 014. */
  added_automatically: number;
  /** Times its bytes started over because the source changed; persisted so a restart cannot loop forever. */
  source_restarts: number;
  /** A duplicate's earlier job with the same content. */
  duplicate_of: number | null;
  /** A multi-file slide: its members as JSON (see job-members.ts); null for a single file. */
  members: string | null;
  /** 1: uploaded de-identified (label/macro removed, identifying fields blanked) by `deid_plan`. */
  deidentify: number;
  /** The de-identification plan (JSON, slides/deid/plan.ts) for the recorded version; null when off. */
  deid_plan: string | null;
}

/** Turns a recorded de-identification plan (JSON) into words, e.g. "label and macro removed". */
export type DescribeDeidPlan = (planJson: string) => string;

/**
 * The jobs the queue view shows (all but those "Clear finished" hid), in queue order (the first `limit` of them,
 * -1: all), each turned into `T` as it
 * is read: on a queue of 10,000 jobs no array of full rows outlives the read, so the rows die young (a fraction of
 * the garbage collection `all()` costs), and the partial index walks them in order without a sort.
 */
export function mapVisibleJobRows<T>(db: Db, map: (row: JobRow) => T, limit = -1): T[] {
  const mapped: T[] = [];
  const rows = statement<[number], JobRow>(
    db,
    'SELECT * FROM jobs INDEXED BY jobs_visible_in_order WHERE hidden = 0 ORDER BY priority DESC, position, id LIMIT ?',
  ).iterate(limit);
  for (const row of rows) mapped.push(map(row));
  return mapped;
}

/** The id of every job the queue view shows, in queue order: read from the index alone. */
export const visibleJobIds = (db: Db): number[] =>
  statement<[], number>(
    db,
    'SELECT id FROM jobs INDEXED BY jobs_visible_in_order WHERE hidden = 0 ORDER BY priority DESC, position, id',
  )
    .pluck()
    .all();

/** Whether a job the view shows has a recorded de-identification plan (its words need the plan's parser). */
export const anyVisibleDeidPlan = (db: Db): boolean =>
  statement<[], number>(
    db,
    'SELECT EXISTS (SELECT 1 FROM jobs WHERE hidden = 0 AND deidentify = 1 AND deid_plan IS NOT NULL)',
  )
    .pluck()
    .get() === 1;

/** A multi-file slide's member count from its members column (JSON array), or null. */
export function memberCount(json: string): number | null {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.length : null;
  } catch {
    return null;
  }
}

/** The job as the UI and CLI see it; `here` is the destination the queue runs for now. */
export function jobView(row: JobRow, here: string, describeDeidPlan: DescribeDeidPlan): JobView {
  return {
    id: row.id,
    sourcePath: row.source_path,
    fileName: row.file_name,
    size: row.size,
    state: row.state,
    metadata: {
      userid: row.userid,
      ...(row.patient_id !== null ? { patient_id: row.patient_id } : {}),
      ...(row.entity_id !== null ? { entity_id: row.entity_id } : {}),
      ...(row.workarea !== null ? { workarea: row.workarea } : {}),
      ...(row.study !== null ? { study: row.study } : {}),
      ...(row.description !== null ? { description: row.description } : {}),
    },
    priority: row.priority,
    imageId: row.image_id,
    imageUniqueId: row.image_unique_id,
    mode: row.upload_mode,
    partSize: row.part_size,
    bytesDone: row.bytes_done,
    sha256: row.sha256,
    attempts: row.attempts,
    error: row.error_message
      ? {
          message: row.error_message,
          kind: row.error_kind ?? 'unknown',
          retryable: row.error_retryable === 1,
        }
      : null,
    retryAt: row.retry_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    watchFolderId: row.watch_folder_id,
    destination: row.server === null ? null : describeDestination(row.server),
    elsewhere: row.server !== null && row.server !== here,
    duplicateOf: row.duplicate_of,
    memberCount: row.members === null ? null : memberCount(row.members),
    ...(row.deidentify === 1
      ? { deidentified: row.deid_plan === null ? 'to be de-identified' : describeDeidPlan(row.deid_plan) }
      : {}),
  };
}
