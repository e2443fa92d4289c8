import type { JobState, JobView, QueueTotals } from '../../../src-shared/engine/index.js';
import { JOB_STATES, speedAndEtaText } from '../../../src-shared/engine/index.js';
import { formatBytes, plural } from '../../ui/format.js';
import { isHeld } from './destination-text.js';
import { isWaitingToRetry } from './retry-wait.js';

export interface QueueSummary {
  /**
   * Jobs by state, held ones and those waiting to retry left out: a held job is not uploading or waiting here,
   * and one waiting out a temporary failure is not uploading, whatever their state says.
   */
  counts: Record<JobState, number>;
  /** Jobs of this server waiting to retry after a temporary failure (retry-wait.ts `isWaitingToRetry`). */
  retrying: number;
  total: number;
  /** Jobs of another server, waiting for the user to send them here (destination-text.ts `isHeld`). */
  held: number;
  /** Jobs of this server not yet finished (waiting, sending, paused). */
  open: number;
  /** Done, failed, cancelled or duplicate, held failed ones included: "Clear finished" takes those off the list. */
  finished: number;
}

/** Counts by state from the jobs themselves (progress totals only arrive while something is sending). */
export function summarizeQueue(jobs: readonly JobView[]): QueueSummary {
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  let total = 0;
  let held = 0;
  let heldFailed = 0;
  let retrying = 0;
  for (const job of jobs) {
    total += 1;
    if (isHeld(job)) {
      held += 1;
      if (job.state === 'failed') heldFailed += 1;
    } else if (isWaitingToRetry(job)) retrying += 1;
    else counts[job.state] += 1;
  }
  const finished = counts.done + counts.failed + counts.cancelled + counts.duplicate;
  return { counts, retrying, total, held, finished: finished + heldFailed, open: total - held - finished };
}

/** Jobs being sent right now (registering, uploading or finishing); held ones and those waiting to retry never among them. */
export function sendingCount(summary: Pick<QueueSummary, 'counts'>): number {
  return summary.counts.registering + summary.counts.uploading + summary.counts.finalizing;
}

/** "1 waiting to retry", for the toolbar and the status bar. */
export function retryingText(retrying: number): string {
  return `${retrying.toLocaleString('en-US')} waiting to retry`;
}

/** "2 held for another server", for the toolbar and the status bar. */
export function heldText(held: number): string {
  return `${held.toLocaleString('en-US')} held for another server`;
}

/**
 * The toolbar's words after the file count: "1 uploading · 1 waiting to retry · 2 waiting · 3 held for another
 * server · 4 done".
 */
export function queueCountsText(summary: QueueSummary): string {
  const { counts } = summary;
  const sending = sendingCount(summary);
  return [
    counts.checking > 0 && `${counts.checking} checking`,
    sending > 0 && `${sending} uploading`,
    summary.retrying > 0 && retryingText(summary.retrying),
    counts.queued > 0 && `${counts.queued} waiting`,
    counts.paused > 0 && `${counts.paused} paused`,
    summary.held > 0 && heldText(summary.held),
    counts.done > 0 && `${counts.done} done`,
    counts.duplicate > 0 && `${counts.duplicate} already uploaded`,
    counts.failed > 0 && `${counts.failed} failed`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "9,800 still loading": jobs of the list whose details have not arrived yet (listed by page). */
export function unlistedText(unlisted: number): string {
  return `${unlisted.toLocaleString('en-US')} still loading`;
}

/** "Send all 3 held jobs to 127.0.0.1:4010 instead". */
export function sendAllLabel(held: number, current: string): string {
  return `Send all ${plural(held, 'held job')} to ${current} instead`;
}

/** The overall bar and the words beside it. */
export type OverallProgress = Pick<QueueTotals, 'bytesDone' | 'bytesTotal' | 'speed' | 'eta' | 'etaState'>;

/**
 * The overall bar: the engine's totals as they are (bytes storage acknowledged, speed and ETA computed once, in
 * the engine). Only before its first numbers arrive are the bytes counted here from the jobs, with no speed.
 * Held jobs are left out: none of their bytes goes anywhere until sent here.
 */
export function overallProgress(jobs: readonly JobView[], totals: QueueTotals | null): OverallProgress {
  if (totals) return totals;
  let bytesDone = 0;
  let bytesTotal = 0;
  for (const job of jobs) {
    // A duplicate sends nothing: its bytes are no part of the work.
    if (job.state === 'cancelled' || job.state === 'duplicate' || job.elsewhere) continue;
    bytesTotal += job.size;
    bytesDone += job.state === 'done' ? job.size : job.bytesDone;
  }
  return { bytesDone, bytesTotal, speed: null, eta: null, etaState: 'idle' };
}

/**
 * The words beside the overall bar: "1.2 MiB of 8.4 MiB · 4.6 MiB/s · 30 s left" (or "· estimating…"). With only
 * held jobs there is nothing to count ("0 B of 0 B" would read as an empty or broken queue), so it says why instead.
 */
export function overallNumbersText(overall: OverallProgress, held: number): string {
  if (overall.bytesTotal === 0 && held > 0) return 'Nothing to upload to this server';
  const rate = speedAndEtaText(overall);
  const bytes = `${formatBytes(overall.bytesDone)} of ${formatBytes(overall.bytesTotal)}`;
  return rate === '' ? bytes : `${bytes} · ${rate}`;
}
