import type { JobState, JobView, QueueTotals } from '../../../src-shared/engine/index.js';
import { JOB_STATES } from '../../../src-shared/engine/index.js';

export interface QueueSummary {
  counts: Record<JobState, number>;
  total: number;
  /** Jobs not yet finished (waiting, sending, paused). */
  open: number;
  finished: number;
}

/** Counts by state from the jobs themselves (progress totals only arrive while something is sending). */
export function summarizeQueue(jobs: Record<number, JobView>): QueueSummary {
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  let total = 0;
  for (const job of Object.values(jobs)) {
    counts[job.state] += 1;
    total += 1;
  }
  const finished = counts.done + counts.failed + counts.cancelled;
  return { counts, total, finished, open: total - finished };
}

/** The overall bar: the engine's totals while sending, else bytes confirmed over all open jobs. */
export function overallProgress(
  jobs: Record<number, JobView>,
  totals: QueueTotals | null,
): { sent: number; total: number; speed: number; eta: number | null } {
  if (totals && totals.bytesTotal > 0 && totals.speed > 0)
    return { sent: totals.bytesSent, total: totals.bytesTotal, speed: totals.speed, eta: totals.eta };
  let sent = 0;
  let total = 0;
  for (const job of Object.values(jobs)) {
    if (job.state === 'cancelled') continue;
    total += job.size;
    sent += job.state === 'done' ? job.size : job.bytesDone;
  }
  return { sent, total, speed: 0, eta: null };
}
