import type { EngineEvent, JobError, JobState, JobView } from '../../src-shared/engine/index.js';
import type { Db } from '../shared/sqlite.js';
import { JobsRepo, toJobView, type JobPatch, type JobRow, type NewJob } from './db/jobs-repo.js';
import { IllegalTransition, mayTransition } from './job-transitions.js';

/** Columns written on the way without a change of state: progress, ids, hashes, the version checked. */
export type FactPatch = Omit<JobPatch, 'state'>;

/**
 * The one writer of job rows. A state change goes through {@link transition}, which checks the declared table
 * (job-transitions.ts) and the state the caller expects, commits, and sends the `job-updated` event itself; so
 * does every other write. Everything else reads.
 */
export class JobStore {
  private readonly repo: JobsRepo;

  constructor(
    private readonly db: Db,
    /** The destination the queue runs for now, for the views it sends (`elsewhere`). */
    private readonly here: string,
    private readonly emit: (event: EngineEvent) => void,
  ) {
    this.repo = new JobsRepo(db);
  }

  // ---- reading --------------------------------------------------------------------------------------------

  get(id: number): JobRow | undefined {
    return this.repo.get(id);
  }

  all(): JobRow[] {
    return this.repo.all();
  }

  visible(): JobRow[] {
    return this.repo.visible();
  }

  /** What the queue view shows, as views (the rows are not kept: 10,000 jobs list without a heap of rows). */
  visibleViews(): JobView[] {
    return this.repo.visibleViews(this.here);
  }

  /** The first `limit` views of the queue view and every id in it, read together (see JobsRepo). */
  visibleViewsPage(limit: number): { jobs: JobView[]; order: number[] } {
    return this.repo.visibleViewsPage(this.here, limit);
  }

  visibleViewsById(ids: readonly number[]): JobView[] {
    return this.repo.visibleViewsById(this.here, ids);
  }

  inState(state: JobState, server: string): JobRow[] {
    return this.repo.inState(state, server);
  }

  findSameSource(...args: Parameters<JobsRepo['findSameSource']>): JobRow | undefined {
    return this.repo.findSameSource(...args);
  }

  findOpenForPath(...args: Parameters<JobsRepo['findOpenForPath']>): JobRow | undefined {
    return this.repo.findOpenForPath(...args);
  }

  withFingerprint(...args: Parameters<JobsRepo['withFingerprint']>): JobRow[] {
    return this.repo.withFingerprint(...args);
  }

  runnableIds(...args: Parameters<JobsRepo['runnableIds']>): number[] {
    return this.repo.runnableIds(...args);
  }

  countByState(server: string): Record<JobState, number> {
    return this.repo.countByState(server);
  }

  nextRetryAt(server: string): number | undefined {
    return this.repo.nextRetryAt(server);
  }

  claimedImageIds(exceptJobId: number, server: string): Set<string> {
    return this.repo.claimedImageIds(exceptJobId, server);
  }

  view(row: JobRow): JobView {
    return toJobView(row, this.here);
  }

  // ---- writing --------------------------------------------------------------------------------------------

  /** New jobs in one transaction (thousands from a catch-up scan), each announced. */
  add(jobs: readonly NewJob[]): JobRow[] {
    const rows = this.db.transaction(() => jobs.map((job) => this.repo.add(job)))();
    for (const row of rows) this.emit({ type: 'job-added', job: this.view(row) });
    return rows;
  }

  /**
   * Moves a job to `to` with `patch` in the same commit, if it is in one of the `from` states the caller
   * expects; returns the new row, or undefined (nothing written) when it is not — e.g. the user paused it while
   * its run was winding down. A change the table forbids throws {@link IllegalTransition}.
   */
  transition(id: number, from: readonly JobState[], to: JobState, patch: FactPatch = {}): JobRow | undefined {
    const row = this.db
      .transaction(() => {
        const current = this.repo.get(id);
        if (!current || !from.includes(current.state)) return undefined;
        if (!mayTransition(current.state, to)) throw new IllegalTransition(id, current.state, to);
        return this.repo.update(id, { ...withoutState(patch), state: to });
      })
      .immediate();
    if (row) this.emit({ type: 'job-updated', job: this.view(row), change: 'state' });
    return row;
  }

  /** Records facts of a job without changing its state. */
  record(id: number, patch: FactPatch): JobRow {
    const row = this.repo.update(id, withoutState(patch));
    this.emit({ type: 'job-updated', job: this.view(row), change: 'facts' });
    return row;
  }

  /** Sets (or with null clears) the problem shown on a job and when it retries next. */
  setError(id: number, error: JobError | null, retryAt: number | null, patch: FactPatch = {}): JobRow {
    const row = this.repo.update(id, {
      ...withoutState(patch),
      error_message: error?.message ?? null,
      error_kind: error?.kind ?? null,
      error_retryable: error ? (error.retryable ? 1 : 0) : null,
      retry_at: retryAt,
    });
    this.emit({ type: 'job-updated', job: this.view(row), change: 'error' });
    return row;
  }

  /** Takes a done job off the queue view, keeping it as the memory of that upload. */
  hide(id: number): void {
    this.repo.update(id, { hidden: 1 });
    this.emit({ type: 'job-removed', jobId: id });
  }

  /** Removes a job for good. */
  remove(id: number): void {
    this.repo.delete(id);
    this.emit({ type: 'job-removed', jobId: id });
  }

  /** Moves a job in the queue order: before `beforeJobId`, to the front (undefined) or to the end. */
  move(id: number, beforeJobId: number | 'end' | undefined): void {
    const position =
      beforeJobId === 'end' ? this.repo.positionAfterLast() : this.repo.positionBefore(beforeJobId);
    this.record(id, { position });
  }

  /** Jobs of an older queue (no destination recorded) belong to the server it is opened for now. */
  adoptUnassigned(server: string): number {
    return this.repo.adoptUnassigned(server);
  }
}

/** A patch never carries a state past the table: only {@link JobStore.transition} sets one. */
function withoutState(patch: FactPatch): JobPatch {
  if (!('state' in patch)) return patch;
  const { state: _ignored, ...rest } = patch as JobPatch;
  return rest;
}

export type { JobRow, NewJob };
