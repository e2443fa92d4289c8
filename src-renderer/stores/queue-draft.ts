import type { JobProgress, JobView, QueueTotals } from '../../src-shared/engine/index.js';
import type { JobTableDraft } from './job-table.js';
import type { JobTable } from './job-table.js';

/** The part of the queue store job events change. */
export interface QueueLists {
  jobs: JobTable;
  /** Job ids in queue order; while the list is still arriving in pages, some have no job in `jobs` yet. */
  order: number[];
  /** How many ids of `order` have no job in `jobs` yet (0 once every page arrived). */
  unlisted: number;
  progress: Record<number, JobProgress>;
  totals: QueueTotals | null;
}

/**
 * Job events applied one by one to a working copy of the queue, then published as one state change. Each part
 * is copied at most once, and only when written: an event costs what it changes (a job's bucket, see
 * job-table.ts), not a copy of the queue. `order` is copied only when a job joins or leaves it, and ids leaving
 * are filtered out once, at the end, unless a later event needs them gone sooner.
 */
export class QueueDraft {
  private readonly jobs: JobTableDraft;
  private order: number[];
  private orderCopied = false;
  /** Ids that left `order`, not yet filtered out of it. */
  private readonly removed = new Set<number>();
  /** `order` as a set, made only when a job without a view must be looked up there (the list still paging). */
  private orderSet: Set<number> | null = null;
  private unlisted: number;
  private progress: Record<number, JobProgress> | null = null;
  private totals: QueueTotals | null | undefined;

  constructor(private readonly base: QueueLists) {
    this.jobs = base.jobs.edit();
    this.order = base.order;
    this.unlisted = base.unlisted;
  }

  /** Whether the id is in the list: with a view, or (while paging) waiting for its page. */
  private listed(id: number): boolean {
    if (this.jobs.has(id)) return true;
    if (this.unlisted === 0 || this.removed.has(id)) return false;
    this.orderSet ??= new Set(this.order);
    return this.orderSet.has(id);
  }

  private writableOrder(): number[] {
    if (!this.orderCopied) {
      this.order = this.order.slice();
      this.orderCopied = true;
    }
    return this.order;
  }

  /** Filters out the ids that left, now. */
  private settleRemovals(): void {
    if (this.removed.size === 0) return;
    this.order = this.order.filter((id) => !this.removed.has(id));
    this.orderCopied = true;
    if (this.orderSet) for (const id of this.removed) this.orderSet.delete(id);
    this.removed.clear();
  }

  upsert(job: JobView): void {
    if (!this.jobs.has(job.id)) {
      if (this.listed(job.id)) this.unlisted -= 1;
      else {
        // Removed earlier in this batch and back: it goes to the end, as it would one event at a time.
        if (this.removed.has(job.id)) this.settleRemovals();
        this.writableOrder().push(job.id);
        this.orderSet?.add(job.id);
      }
    }
    this.jobs.set(job);
  }

  remove(jobId: number): void {
    if (!this.listed(jobId)) return;
    if (!this.jobs.delete(jobId)) this.unlisted -= 1;
    if (this.currentProgress()[jobId]) delete this.writableProgress()[jobId];
    this.removed.add(jobId);
  }

  applyProgress(updates: JobProgress[], totals: QueueTotals): void {
    const progress = this.writableProgress();
    for (const update of updates) progress[update.id] = update;
    this.totals = totals;
  }

  private currentProgress(): Record<number, JobProgress> {
    return this.progress ?? this.base.progress;
  }

  private writableProgress(): Record<number, JobProgress> {
    this.progress ??= { ...this.base.progress };
    return this.progress;
  }

  /** The state change: only the parts written. */
  publish(): Partial<QueueLists> {
    this.settleRemovals();
    const changes: Partial<QueueLists> = {};
    const jobs = this.jobs.done();
    if (jobs !== this.base.jobs) changes.jobs = jobs;
    if (this.order !== this.base.order) changes.order = this.order;
    if (this.unlisted !== this.base.unlisted) changes.unlisted = this.unlisted;
    if (this.progress) changes.progress = this.progress;
    if (this.totals !== undefined) changes.totals = this.totals;
    return changes;
  }
}
