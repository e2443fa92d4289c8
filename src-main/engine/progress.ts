import {
  JOB_STATES,
  type JobProgress,
  type JobState,
  type QueueTotals,
} from '../../src-shared/engine/index.js';

interface Sample {
  size: number;
  bytesSent: number;
  speed: number;
  lastBytes: number;
  lastAt: number;
}

const SMOOTHING = 0.3;
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Per-job bytes sent, smoothed speed and ETA, and queue totals. Transfers report as often as they like;
 * {@link flush} is called at most every {@link PROGRESS_INTERVAL_MS} (≤ 10 events per second).
 */
export class ProgressTracker {
  private readonly samples = new Map<number, Sample>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly emit: (jobs: JobProgress[], totals: QueueTotals) => void,
    private readonly counts: () => Record<JobState, number>,
    private readonly queuedBytes: () => number,
  ) {}

  report(jobId: number, bytesSent: number, size: number): void {
    const now = Date.now();
    const sample = this.samples.get(jobId);
    if (!sample) {
      this.samples.set(jobId, { size, bytesSent, speed: 0, lastBytes: bytesSent, lastAt: now });
    } else {
      sample.size = size;
      sample.bytesSent = bytesSent;
      const elapsed = now - sample.lastAt;
      if (elapsed >= 250) {
        const instant = (Math.max(0, bytesSent - sample.lastBytes) * 1000) / elapsed;
        sample.speed = sample.speed === 0 ? instant : sample.speed * (1 - SMOOTHING) + instant * SMOOTHING;
        sample.lastBytes = bytesSent;
        sample.lastAt = now;
      }
    }
    this.schedule();
  }

  forget(jobId: number): void {
    if (this.samples.delete(jobId)) this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) this.flush();
    }, PROGRESS_INTERVAL_MS);
  }

  flush(): void {
    this.dirty = false;
    const jobs: JobProgress[] = [...this.samples].map(([id, s]) => ({
      id,
      bytesSent: s.bytesSent,
      size: s.size,
      speed: Math.round(s.speed),
      eta: s.speed > 0 ? Math.round((s.size - s.bytesSent) / s.speed) : null,
    }));
    const speed = jobs.reduce((sum, job) => sum + job.speed, 0);
    const bytesSent = jobs.reduce((sum, job) => sum + job.bytesSent, 0);
    const bytesTotal = jobs.reduce((sum, job) => sum + job.size, 0) + this.queuedBytes();
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    Object.assign(counts, this.counts());
    this.emit(jobs, {
      bytesSent,
      bytesTotal,
      speed,
      eta: speed > 0 ? Math.round((bytesTotal - bytesSent) / speed) : null,
      counts,
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
