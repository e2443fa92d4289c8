import type { JobError, JobMetadata, JobState, JobView } from '../../../src-shared/engine/index.js';
import { statement, updateColumnsReturning, type Db } from '../../shared/sqlite.js';
import { describeDeidPlan } from './deid-summary.js';
import { jobView, mapVisibleJobRows, visibleJobIds, type JobRow } from './job-rows.js';

export type { JobRow };

export interface NewJob {
  sourcePath: string;
  fileName: string;
  size: number;
  mtimeMs: number;
  metadata: JobMetadata;
  watchFolderId?: number | undefined;
  fingerprint?: string | undefined;
  server: string;
  /** The version slide QC passed, when it ran. */
  checked?: { size: number; mtimeMs: number } | undefined;
  /** That check left decoding the pixels to the run (watch folders). */
  pixelQcOwed?: boolean | undefined;
  /** 'checking' when its content must be compared with an earlier job's before it may upload. */
  state?: 'queued' | 'checking';
  /** A multi-file slide's members (JSON, see job-members.ts). */
  members?: string | undefined;
  /** Upload de-identified by this plan (JSON, slides/deid/plan.ts). */
  deidPlan?: string | undefined;
  /** Queued by a watch folder, not by a person (see migration 014). */
  automatic?: boolean | undefined;
}

export type JobPatch = Partial<Omit<JobRow, 'id' | 'created_at' | 'updated_at'>>;
const PATCHABLE = new Set<string>([
  'source_path',
  'file_name',
  'size',
  'mtime_ms',
  'state',
  'priority',
  'position',
  'image_id',
  'image_unique_id',
  'registering_since',
  'upload_mode',
  'upload_id',
  'part_size',
  'upload_complete',
  'stored_etag',
  'bytes_done',
  'sha256',
  'attempts',
  'error_message',
  'error_kind',
  'error_retryable',
  'retry_at',
  'finished_at',
  'userid',
  'patient_id',
  'entity_id',
  'workarea',
  'study',
  'description',
  'server',
  'hidden',
  'checked_size',
  'checked_mtime_ms',
  'pixel_qc_owed',
  'source_restarts',
  'duplicate_of',
  'members',
  'deid_plan',
]);

export class JobsRepo {
  constructor(private readonly db: Db) {}

  add(job: NewJob): JobRow {
    const now = Date.now();
    const { metadata: m } = job;
    // Three statements, not one INSERT with MAX(position) as a subquery: that form loses SQLite's min/max
    // shortcut and made 10,000 adds 4× slower (0.8 s against 0.2 s, measured).
    const maxPosition =
      statement<[], { p: number | null }>(this.db, 'SELECT MAX(position) AS p FROM jobs').get()?.p ?? 0;
    const { lastInsertRowid } = statement(
      this.db,
      `INSERT INTO jobs (source_path, file_name, size, mtime_ms, userid, patient_id, entity_id, workarea, study, description,
           state, position, created_at, updated_at, watch_folder_id, fingerprint, server, checked_size, checked_mtime_ms,
           members, deidentify, deid_plan, pixel_qc_owed, added_automatically)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      job.sourcePath,
      job.fileName,
      job.size,
      job.mtimeMs,
      m.userid,
      m.patient_id ?? null,
      m.entity_id ?? null,
      m.workarea ?? null,
      m.study ?? null,
      m.description ?? null,
      job.state ?? 'queued',
      maxPosition + 1,
      now,
      now,
      job.watchFolderId ?? null,
      job.fingerprint ?? null,
      job.server,
      job.checked?.size ?? null,
      job.checked?.mtimeMs ?? null,
      job.members ?? null,
      job.deidPlan === undefined ? 0 : 1,
      job.deidPlan ?? null,
      job.checked && job.pixelQcOwed ? 1 : 0,
      job.automatic ? 1 : 0,
    );
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): JobRow | undefined {
    return statement<[number], JobRow>(this.db, 'SELECT * FROM jobs WHERE id = ?').get(id);
  }

  /** Every job, hidden ones too, in queue order. */
  all(): JobRow[] {
    return statement<[], JobRow>(this.db, 'SELECT * FROM jobs ORDER BY priority DESC, position, id').all();
  }

  /** The jobs the queue view shows: all but those "Clear finished" hid. */
  visible(): JobRow[] {
    return mapVisibleJobRows(this.db, (row) => row);
  }

  /** The views of the jobs the queue view shows, in queue order, made as they are read (see mapVisibleJobRows). */
  visibleViews(here: string): JobView[] {
    return mapVisibleJobRows(this.db, (row) => toJobView(row, here));
  }

  /** The first `limit` of those views, and the id of every job the view shows, in queue order. */
  visibleViewsPage(here: string, limit: number): { jobs: JobView[]; order: number[] } {
    return this.db.transaction(() => ({
      jobs: mapVisibleJobRows(this.db, (row) => toJobView(row, here), limit),
      order: visibleJobIds(this.db),
    }))();
  }

  /** The views of these jobs, those the queue view still shows, in no particular order. */
  visibleViewsById(here: string, ids: readonly number[]): JobView[] {
    return statement<[string], JobRow>(
      this.db,
      'SELECT * FROM jobs WHERE hidden = 0 AND id IN (SELECT value FROM json_each(?))',
    )
      .all(JSON.stringify(ids))
      .map((row) => toJobView(row, here));
  }

  /** This destination's jobs in one state, in queue order. */
  inState(state: JobState, server: string): JobRow[] {
    return statement<[JobState, string], JobRow>(
      this.db,
      'SELECT * FROM jobs WHERE state = ? AND server = ? ORDER BY priority DESC, position, id',
    ).all(state, server);
  }

  /** Jobs of an earlier queue (before destinations were recorded) belong to the server it is opened for now. */
  adoptUnassigned(server: string): number {
    return statement(this.db, 'UPDATE jobs SET server = ? WHERE server IS NULL').run(server).changes;
  }

  /** The newest job for this exact file version (path, size, mtime) to this destination that was not cancelled. */
  findSameSource(
    sourcePath: string,
    size: number,
    mtimeMs: number,
    server: string,
    userid: number,
    options: { includeCancelled?: boolean } = {},
  ): JobRow | undefined {
    if (options.includeCancelled)
      // A cancelled one only when no other job of this version exists: an upload, or a later try, comes first.
      return statement<[string, string, number, number, number], JobRow>(
        this.db,
        `SELECT * FROM jobs WHERE server = ? AND source_path = ? AND size = ? AND mtime_ms = ? AND userid = ?
           ORDER BY state = 'cancelled', id DESC LIMIT 1`,
      ).get(server, sourcePath, size, mtimeMs, userid);
    // A failed job cleared from the list (kept hidden as a watch folder's memory) is not one a person resumes.
    return statement<[string, string, number, number, number], JobRow>(
      this.db,
      `SELECT * FROM jobs WHERE server = ? AND source_path = ? AND size = ? AND mtime_ms = ? AND userid = ?
         AND state != 'cancelled' AND NOT (hidden = 1 AND state = 'failed') ORDER BY id DESC LIMIT 1`,
    ).get(server, sourcePath, size, mtimeMs, userid);
  }

  /** The newest unfinished job (open or paused) for this path to this destination and user, whatever version. */
  findOpenForPath(sourcePath: string, server: string, userid: number): JobRow | undefined {
    return statement<[string, string, number], JobRow>(
      this.db,
      `SELECT * FROM jobs WHERE server = ? AND source_path = ? AND userid = ?
         AND state IN ('checking', 'queued', 'registering', 'uploading', 'finalizing', 'paused')
         ORDER BY id DESC LIMIT 1`,
    ).get(server, sourcePath, userid);
  }

  /**
   * Jobs to this destination (uploaded, or queued and running) with this content fingerprint: candidates for
   * "same slide elsewhere". Hidden ones count: clearing the view does not forget an upload.
   */
  withFingerprint(fingerprint: string, size: number, server: string, userid: number): JobRow[] {
    return statement<[string, string, number, number], JobRow>(
      this.db,
      `SELECT * FROM jobs WHERE server = ? AND fingerprint = ? AND size = ? AND userid = ?
         AND state NOT IN ('cancelled', 'failed', 'duplicate') ORDER BY id`,
    ).all(server, fingerprint, size, userid);
  }

  /**
   * Ids of this destination's jobs that may run now, in queue order (at most `limit`); only ids, as most are
   * running already. Another server's jobs never run here: their ids mean nothing to this server.
   */
  runnableIds(now: number, server: string, limit = -1): number[] {
    return statement<[number, string, number], number>(
      this.db,
      // The partial index walks only open jobs, already in queue order: no scan or sort of finished ones.
      `SELECT id FROM jobs INDEXED BY jobs_open_in_order
         WHERE state IN ('queued', 'registering', 'uploading', 'finalizing')
           AND (retry_at IS NULL OR retry_at <= ?) AND server = ? ORDER BY priority DESC, position, id LIMIT ?`,
    )
      .pluck()
      .all(now, server, limit);
  }

  /** Counts of this destination's jobs the view shows (another server's held jobs are not "uploading" here). */
  countByState(server: string): Record<JobState, number> {
    const rows = statement<[string], { state: JobState; n: number }>(
      this.db,
      'SELECT state, COUNT(*) AS n FROM jobs WHERE hidden = 0 AND server = ? GROUP BY state',
    ).all(server);
    return Object.fromEntries(rows.map((row) => [row.state, row.n])) as Record<JobState, number>;
  }

  /** Earliest pending retry time among this destination's waiting jobs. */
  nextRetryAt(server: string): number | undefined {
    return (
      statement<[string], { t: number | null }>(
        this.db,
        `SELECT MIN(retry_at) AS t FROM jobs INDEXED BY jobs_by_retry
           WHERE retry_at IS NOT NULL AND state IN ('queued', 'registering', 'uploading', 'finalizing')
             AND server = ?`,
      ).get(server)?.t ?? undefined
    );
  }

  /** Image ids this destination's jobs other than `exceptJobId` hold: a reconciling job must not adopt them. */
  claimedImageIds(exceptJobId: number, server: string): Set<string> {
    const rows = statement<[number, string], { image_unique_id: string }>(
      this.db,
      'SELECT image_unique_id FROM jobs WHERE image_unique_id IS NOT NULL AND id != ? AND server = ?',
    ).all(exceptJobId, server);
    return new Set(rows.map((row) => row.image_unique_id));
  }

  update(id: number, patch: JobPatch): JobRow {
    return (
      updateColumnsReturning<JobRow>(this.db, 'jobs', PATCHABLE, { column: 'id', value: id }, patch, {
        updated_at: Date.now(),
      }) ?? this.get(id)!
    );
  }

  setError(id: number, error: JobError | null, retryAt: number | null): JobRow {
    return this.update(id, {
      error_message: error?.message ?? null,
      error_kind: error?.kind ?? null,
      error_retryable: error ? (error.retryable ? 1 : 0) : null,
      retry_at: retryAt,
    });
  }

  /** Positions before the first job, or between two jobs, for reordering. */
  positionBefore(targetId: number | undefined): number {
    const ordered = this.all();
    if (targetId === undefined) return (ordered[0]?.position ?? 1) - 1;
    const index = ordered.findIndex((row) => row.id === targetId);
    const target = ordered[index];
    if (!target) return (ordered.at(-1)?.position ?? 0) + 1;
    const previous = ordered[index - 1];
    return previous ? (previous.position + target.position) / 2 : target.position - 1;
  }

  positionAfterLast(): number {
    return (this.all().at(-1)?.position ?? 0) + 1;
  }

  delete(id: number): void {
    statement(this.db, 'DELETE FROM jobs WHERE id = ?').run(id);
  }
}

/** The job as the UI and CLI see it; `here` is the destination the queue runs for now. */
export const toJobView = (row: JobRow, here: string): JobView => jobView(row, here, describeDeidPlan);
