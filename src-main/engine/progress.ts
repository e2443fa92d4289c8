import {
  JOB_STATES,
  type EngineEvent,
  type JobProgress,
  type JobState,
  type JobView,
  type QueueTotals,
} from '../../src-shared/engine/index.js';
import { QueueThroughput, type MeteredJob } from './throughput.js';

export const PROGRESS_INTERVAL_MS = 100;

/** What of a job the counts by state depend on. */
type CountedJob = Pick<JobView, 'id' | 'state' | 'elsewhere'>;
const countKey = (job: CountedJob): string => `${job.state}${job.elsewhere ? ' elsewhere' : ''}`;

/**
 * The `progress` events: each running job's bytes in flight (for its bar) and the queue totals, speed and ETA
 * from {@link QueueThroughput} (bytes storage acknowledged). Fed every job event the engine emits and every
 * transfer report; {@link flush} runs at most every {@link PROGRESS_INTERVAL_MS} (≤ 10 events per second).
 */
export class ProgressTracker {
  private readonly sent = new Map<number, { bytes: number; size: number }>();
  /**
   * The counts by state as last read, and what each job was then (state, and whether another server's): a tick
   * reads them again only after a job changed either (or on {@link recount}), not ten times a second while bytes
   * flow — on 10,000 jobs that read is a scan.
   */
  private counted: Record<JobState, number> | undefined;
  private readonly countedAs = new Map<number, string>();
  private readonly throughput: QueueThroughput;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  /** Events go out once the engine runs its queue (an engine opened only to list or change jobs sends none). */
  private live = false;
  private closed = false;

  constructor(
    private readonly emit: (jobs: JobProgress[], totals: QueueTotals) => void,
    private readonly counts: () => Record<JobState, number>,
    now: () => number = Date.now,
  ) {
    this.throughput = new QueueThroughput(now);
  }

  /** The jobs on the list when the engine starts running its queue; progress events go out from now on. */
  seed(jobs: readonly (MeteredJob & CountedJob)[]): void {
    for (const job of jobs) {
      this.throughput.observe(job);
      this.countedAs.set(job.id, countKey(job));
    }
    this.counted = undefined;
    this.live = true;
    this.schedule();
  }

  /** Keeps the meter up to date with the job events the engine emits (its own progress events aside). */
  observe(event: EngineEvent): void {
    if (event.type === 'job-added' || event.type === 'job-updated') {
      this.throughput.observe(event.job);
      const key = countKey(event.job);
      if (this.countedAs.get(event.job.id) !== key) {
        this.countedAs.set(event.job.id, key);
        this.counted = undefined;
      }
    } else if (event.type === 'job-removed') {
      this.throughput.remove(event.jobId);
      this.sent.delete(event.jobId);
      this.countedAs.delete(event.jobId);
      this.counted = undefined;
    } else return;
    this.schedule();
  }

  /** Bytes a running job has handed to the network so far, parts in flight included. */
  report(jobId: number, bytesSent: number, size: number): void {
    this.sent.set(jobId, { bytes: bytesSent, size });
    this.throughput.sending(jobId, bytesSent);
    this.schedule();
  }

  /** The job's run ended: no bytes in flight any more. */
  forget(jobId: number): void {
    this.throughput.sending(jobId, undefined);
    if (this.sent.delete(jobId)) this.schedule();
  }

  private schedule(): void {
    if (this.closed || !this.live) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) this.flush();
    }, PROGRESS_INTERVAL_MS);
  }

  /** Reads the counts again at the next tick (the engine's heartbeat: other processes may have changed jobs). */
  recount(): void {
    this.counted = undefined;
  }

  flush(): void {
    this.dirty = false;
    const jobs: JobProgress[] = [...this.sent].map(([id, sent]) => ({
      id,
      bytesSent: sent.bytes,
      size: sent.size,
      ...this.throughput.jobRate(id),
    }));
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    this.counted ??= this.counts();
    Object.assign(counts, this.counted);
    this.emit(jobs, { ...this.throughput.totals(), counts });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
