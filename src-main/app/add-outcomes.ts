import type { AddOutcome } from '../../src-shared/app/index.js';
import type { JobView } from '../../src-shared/engine/index.js';
import type { CheckedAddResult } from '../intake/add-checked-files.js';
import type { SlideInspection } from '../slides/index.js';
import { toSlideCheck } from './slide-check.js';

/** "2025-11-25 21:44" in local time: short and unambiguous for a technician. */
function when(epochMs: number | null): string {
  if (epochMs === null) return 'an earlier run';
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function describeDuplicate(job: JobView): string {
  const where = `from ${job.sourcePath}`;
  return job.state === 'done'
    ? `Not queued: the same slide was already uploaded ${where} on ${when(job.finishedAt)}${job.imageUniqueId ? ` (image ${job.imageUniqueId})` : ''}. Add it with "upload again" to send it anyway.`
    : `Not queued: the same slide is already in the queue ${where} (job #${job.id}).`;
}

/** One intake result in words, with the slide check that decided it. */
export function toAddOutcome(result: CheckedAddResult, inspection: SlideInspection | undefined): AddOutcome {
  const check = toSlideCheck(result.outcome === 'rejected' ? result.inspection : inspection);
  const base = { path: result.path, check };
  switch (result.outcome) {
    case 'added':
      return {
        ...base,
        outcome: 'added',
        jobId: result.job.id,
        message:
          result.job.state === 'checking'
            ? 'Queued; first compared with an earlier upload that looks the same (it is not sent twice)'
            : 'Queued',
      };
    case 'resumed':
      return {
        ...base,
        outcome: 'resumed',
        jobId: result.job.id,
        message: `Already in the queue as job #${result.job.id}; it carries on from where it was.`,
      };
    case 'already-uploaded':
      return {
        ...base,
        outcome: 'already-uploaded',
        jobId: result.job.id,
        message: `Already uploaded on ${when(result.job.finishedAt)}${result.job.imageUniqueId ? ` as image ${result.job.imageUniqueId}` : ''}. Add it with "upload again" to send it anyway.`,
      };
    case 'duplicate':
      return { ...base, outcome: 'duplicate', jobId: result.job.id, message: describeDuplicate(result.job) };
    case 'rejected':
      return { ...base, outcome: 'rejected', jobId: null, message: `Refused: ${result.message}` };
    case 'left-for-person':
      // Only watch folders add automatically; a person's add queues such a job again. Said plainly all the same.
      return {
        ...base,
        outcome: 'error',
        jobId: result.job.id,
        message: `Not queued: job #${result.job.id} for this file is ${result.job.state}; act on it in the queue.`,
      };
    case 'error':
      return { ...base, outcome: 'error', jobId: null, message: result.message };
  }
}

export const errorOutcome = (path: string, message: string): AddOutcome => ({
  path,
  outcome: 'error',
  jobId: null,
  message,
  check: toSlideCheck(undefined),
});

/**
 * Not queued while searching a folder: a second name of a file or folder already covered (a link loop, an
 * alias) — "duplicate" — or something that cannot be searched (a dangling link, a tree too deep) — "error".
 */
export const skippedOutcome = (path: string, message: string): AddOutcome => ({
  path,
  outcome: /^(the same file as|leads back to)/.test(message) ? 'duplicate' : 'error',
  jobId: null,
  message: `Not queued: ${message}.`,
  check: toSlideCheck(undefined),
});
