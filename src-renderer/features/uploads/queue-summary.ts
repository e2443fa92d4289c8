import type { JobState, JobView, QueueTotals } from '../../../src-shared/engine/index.js';
import { JOB_STATES } from '../../../src-shared/engine/index.js';
import { formatBytes, formatEta, formatSpeed, plural } from '../../ui/format.js';
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
export function summarizeQueue(jobs: Record<number, JobView>): QueueSummary {
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  let total = 0;
  let held = 0;
  let heldFailed = 0;
  let retrying = 0;
  for (const job of Object.values(jobs)) {
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

/** "Send all 3 held jobs to 127.0.0.1:4010 instead". */
export function sendAllLabel(held: number, current: string): string {
  return `Send all ${plural(held, 'held job')} to ${current} instead`;
}

/**
 * The overall bar: the engine's totals while one of this server's jobs is sending, else bytes confirmed over its
 * open jobs. The totals alone do not say "sending": after a change of server the last ones of the old queue are
 * still the latest (with its speed). Held jobs are left out: none of their bytes goes anywhere until sent here.
 */
export function overallProgress(
  jobs: Record<number, JobView>,
  totals: QueueTotals | null,
  summary: Pick<QueueSummary, 'counts'> = summarizeQueue(jobs),
): { sent: number; total: number; speed: number; eta: number | null } {
  if (sendingCount(summary) > 0 && totals && totals.bytesTotal > 0 && totals.speed > 0)
    return { sent: totals.bytesSent, total: totals.bytesTotal, speed: totals.speed, eta: totals.eta };
  let sent = 0;
  let total = 0;
  for (const job of Object.values(jobs)) {
    // A duplicate sends nothing: its bytes are no part of the work.
    if (job.state === 'cancelled' || job.state === 'duplicate' || isHeld(job)) continue;
    total += job.size;
    sent += job.state === 'done' ? job.size : job.bytesDone;
  }
  return { sent, total, speed: 0, eta: null };
}

/**
 * The words beside the overall bar: "1.2 MiB of 8.4 MiB · 250 KiB/s · 30 s left". With only held jobs there is
 * nothing to count ("0 B of 0 B" would read as an empty or broken queue), so it says why instead.
 */
export function overallNumbersText(
  overall: { sent: number; total: number; speed: number; eta: number | null },
  held: number,
): string {
  if (overall.total === 0 && held > 0) return 'Nothing to upload to this server';
  const parts = [`${formatBytes(overall.sent)} of ${formatBytes(overall.total)}`];
  if (overall.speed > 0) {
    parts.push(formatSpeed(overall.speed));
    if (overall.eta !== null) parts.push(formatEta(overall.eta));
  }
  return parts.join(' · ');
}
