import type { JobError } from '../../src-shared/engine/index.js';
import { backoffDelay } from './backoff.js';
import { classifyFailure } from './job-failure.js';

/** How often a job's bytes may start over (its source changed) or fresh upload links be refused, before it fails. */
export const MAX_SOURCE_RESTARTS = 3;

/** What the policy reads of a job: its counters, persisted with it, and its name for messages. */
export interface FailureCounters {
  fileName: string;
  /** Temporary failures retried so far (reset by a person's retry). */
  attempts: number;
  /** Times the bytes started over because the source changed. */
  sourceRestarts: number;
}

export interface RetryTiming {
  retryBaseMs: number;
  retryCapMs: number;
}

/** What to do with a job whose run threw; the engine carries it out through the job store. */
export type FailureDecision =
  /** 401: the whole queue waits for a new sign-in; the job keeps its place. */
  | { kind: 'hold-queue'; error: JobError }
  /** The source changed or storage lost the bytes: start them over (counted), at once. */
  | { kind: 'restart-upload'; error: JobError; sourceRestarts: number }
  /** Temporary: try again at `retryAt`. */
  | { kind: 'retry'; error: JobError; attempts: number; retryAt: number }
  /** Needs a person; `tellServer` says whether the image's server log should hear of it. */
  | { kind: 'fail'; error: JobError; tellServer: boolean };

/**
 * The failure policy, as a pure function of the error, the job's persisted counters and the clock: no I/O, so
 * every branch is a unit test, and a restart of the app continues the same counts instead of starting afresh.
 */
export function decideFailure(
  error: unknown,
  job: FailureCounters,
  now: number,
  timing: RetryTiming,
): FailureDecision {
  const action = classifyFailure(error);
  switch (action.action) {
    case 'hold-queue':
      return { kind: 'hold-queue', error: action.error };
    case 'restart-upload': {
      const sourceRestarts = job.sourceRestarts + 1;
      if (sourceRestarts > MAX_SOURCE_RESTARTS)
        return {
          kind: 'fail',
          tellServer: false,
          error: {
            message: `${job.fileName} keeps changing while it is uploaded; is something still writing it? Retry when it is complete.`,
            kind: 'source-changed',
            retryable: false,
          },
        };
      return { kind: 'restart-upload', error: action.error, sourceRestarts };
    }
    case 'retry': {
      const attempts = job.attempts + 1;
      if (action.error.kind === 'upload-expired' && attempts > MAX_SOURCE_RESTARTS)
        return {
          kind: 'fail',
          tellServer: false,
          error: {
            ...action.error,
            message: `Storage keeps refusing fresh upload links for ${job.fileName}; check the computer's clock and the server.`,
            retryable: false,
          },
        };
      const delay = Math.max(
        backoffDelay(attempts, timing.retryBaseMs, timing.retryCapMs),
        action.retryAfterMs ?? 0,
      );
      return { kind: 'retry', error: action.error, attempts, retryAt: now + delay };
    }
    case 'fail':
      return { kind: 'fail', error: action.error, tellServer: true };
  }
}
