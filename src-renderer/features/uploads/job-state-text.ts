import { errorLine, wordError } from '../../../src-shared/app/error-words.js';
import type { JobProgress, JobView } from '../../../src-shared/engine/index.js';
import type { Tone } from '../../ui/tone.js';
import { formatEta, formatPercent, formatRetryIn, formatSpeed } from '../../ui/format.js';
import { heldLabel, isHeld, shortServerName } from './destination-text.js';

export interface JobStatusText {
  /** The badge word: "Waiting", "Uploading 42%", "Done"… */
  label: string;
  tone: Tone;
  /** The line under the progress bar: speed and time left, the retry countdown, or what went wrong. */
  detail: string;
  /** The engine's technical error message when {@link detail} reports a problem: the row's "Details". */
  problem: string | null;
  /** 0..1 for the bar, or null for an indeterminate stripe (registering, finalizing). */
  fraction: number | null;
}

/**
 * A failed job's line: what happened, and the one piece of advice for the buttons its row offers (Retry only
 * where the row has a Retry button). The engine's technical message is the row's "Details".
 */
export function failureText(job: JobView): string {
  const offer = { retry: jobActions(job).retry };
  return errorLine(wordError(job.error?.kind, { offer }));
}

/** Bytes known sent: live progress while sending, else what the engine has confirmed. */
export function bytesSent(job: JobView, progress: JobProgress | undefined): number {
  if (job.state === 'done') return job.size;
  return Math.max(progress?.bytesSent ?? 0, job.bytesDone);
}

const ACTIVE = new Set<JobView['state']>(['registering', 'uploading', 'finalizing']);

/** Human words for a job's state, e.g. "Uploading 42%" with "12 MiB/s · 3 min left". */
export function jobStatusText(job: JobView, progress: JobProgress | undefined, now: number): JobStatusText {
  const sent = bytesSent(job, progress);
  const fraction = job.size > 0 ? sent / job.size : 0;
  const retry = job.retryAt !== null ? formatRetryIn(job.retryAt, now) : null;
  // Waiting to try again by itself: what went wrong, no advice (the countdown says what happens next).
  const waitingError = job.error ? `${wordError(job.error.kind).message} ` : '';
  const problem = retry && job.error ? job.error.message : null;
  // Whatever state another server's job was left in, it does nothing here until the user sends it here.
  if (isHeld(job))
    return { label: heldLabel(job), tone: 'warning', detail: '', problem: null, fraction: null };
  const there = shortServerName(job.destination);
  // An attempt running again after a temporary failure: the failure stays in view until one gets through.
  if (retry === null && job.error?.retryable && ACTIVE.has(job.state))
    return {
      label: 'Retrying',
      tone: 'warning',
      detail: `${waitingError}Trying again now.`,
      problem: job.error.message,
      fraction: job.state === 'uploading' ? fraction : null,
    };
  switch (job.state) {
    case 'checking':
      return {
        label: 'Checking',
        tone: 'info',
        detail: 'Comparing it with an earlier upload that looks the same, before anything is sent',
        problem: null,
        fraction: null,
      };
    case 'duplicate':
      return {
        label: 'Already uploaded',
        tone: 'neutral',
        detail: `Same content as job #${job.duplicateOf ?? '?'}; not sent again. "Upload anyway" sends this copy too.`,
        problem: null,
        fraction: null,
      };
    case 'queued':
      return {
        label: 'Waiting',
        tone: 'neutral',
        detail: retry ?? '',
        problem,
        fraction: sent > 0 ? fraction : 0,
      };
    case 'registering':
      return {
        label: retry ? 'Waiting to retry' : 'Registering',
        tone: retry ? 'warning' : 'info',
        detail: retry ? `${waitingError}${retry}` : 'Registering the image with the server',
        problem,
        fraction: null,
      };
    case 'uploading': {
      if (retry)
        return {
          label: 'Waiting to retry',
          tone: 'warning',
          detail: `${waitingError}${retry}`,
          problem,
          fraction,
        };
      const speed = progress?.speed ? formatSpeed(progress.speed) : '';
      const eta = formatEta(progress?.eta);
      return {
        label: `Uploading ${formatPercent(fraction)}`,
        tone: 'info',
        detail: [speed, eta].filter(Boolean).join(' · '),
        problem: null,
        fraction,
      };
    }
    case 'finalizing':
      return {
        label: retry ? 'Waiting to retry' : 'Finishing',
        tone: retry ? 'warning' : 'info',
        detail: retry ? `${waitingError}${retry}` : 'Checking the upload and marking it as uploaded',
        problem,
        fraction: null,
      };
    case 'done':
      // Another server's upload stays in the list as its history; say where it went.
      return {
        label: 'Done',
        tone: 'success',
        detail: job.elsewhere ? `Uploaded to ${there}` : '',
        problem: null,
        fraction: 1,
      };
    case 'paused':
      return {
        label: 'Paused',
        tone: 'neutral',
        detail: `Paused at ${formatPercent(fraction)}`,
        problem: null,
        fraction,
      };
    case 'failed':
      return {
        label: 'Failed',
        tone: 'danger',
        detail: failureText(job),
        problem: job.error?.message ?? null,
        fraction,
      };
    case 'cancelled':
      return {
        label: 'Cancelled',
        tone: 'neutral',
        detail: job.elsewhere ? `Was for ${there}` : '',
        problem: null,
        fraction: null,
      };
  }
}

export interface JobActions {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  retry: boolean;
  /** "Send to … instead": a held job starts over on the server the app uses now. */
  sendHere: boolean;
  /** "Forget this upload…": a finished upload, so the same file is uploaded again when added. */
  forget: boolean;
  /** "Upload anyway": a copy of an earlier upload is sent after all (a retry of that job). */
  uploadAnyway: boolean;
}

/**
 * Which per-job actions make sense in a state. Another server's job is only sent here or cancelled: pausing,
 * resuming or retrying it would change its state word and nothing else, as it never runs here.
 */
export function jobActions(job: JobView): JobActions {
  const active =
    job.state === 'queued' ||
    job.state === 'registering' ||
    job.state === 'uploading' ||
    job.state === 'finalizing';
  const held = isHeld(job);
  const here = !job.elsewhere;
  return {
    pause: here && active,
    resume: here && job.state === 'paused',
    cancel: active || job.state === 'paused' || job.state === 'checking',
    retry: here && (job.state === 'failed' || job.state === 'cancelled' || (active && job.retryAt !== null)),
    sendHere: held,
    forget: job.state === 'done',
    uploadAnyway: here && job.state === 'duplicate',
  };
}

/** Whose slide it is, as the queue row shows it: "Patient 12", or "No patient" when none was given. */
export function patientLabel(job: Pick<JobView, 'metadata'>): string {
  const id = job.metadata.patient_id;
  return id == null ? 'No patient' : `Patient ${id}`;
}
