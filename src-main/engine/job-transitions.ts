import type { JobState } from '../../src-shared/engine/index.js';

/**
 * Every state change a job may make, declared once; {@link JobStore.transition} refuses anything else. Read it as
 * the life of a slide: checked, queued, registered, uploaded, finalized, done — or paused, failed, cancelled,
 * found to be a duplicate, and brought back to the queue by the user.
 *
 * - An active state may repeat (its step records facts as it goes) and may go back a step: a presigned POST that
 *   expired is registered anew, a record deleted on the server means uploading again.
 * - Any open job may be paused, cancelled, failed, or queued again (retry, send to this server instead).
 * - `done` is final: only finalizing — the bytes verified and `PUT … Uploaded` answered — leads there.
 * - `duplicate` and the other finished states go back to `queued` only when a person asks (retry, upload anyway).
 * - `checking` is reached when added (intake) or when sent to this server instead (retarget): the content is
 *   compared with this server's uploads again.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  // Not paused: resuming would skip the content check. `checking` again: sent to another server instead.
  checking: ['queued', 'duplicate', 'checking', 'cancelled', 'failed'],
  queued: ['registering', 'uploading', 'finalizing', 'queued', 'checking', 'paused', 'cancelled', 'failed'],
  registering: [
    'registering',
    'uploading',
    'finalizing',
    'queued',
    'checking',
    'paused',
    'cancelled',
    'failed',
  ],
  uploading: [
    'uploading',
    'registering',
    'finalizing',
    'queued',
    'checking',
    'paused',
    'cancelled',
    'failed',
  ],
  finalizing: [
    'finalizing',
    'registering',
    'uploading',
    'done',
    'queued',
    'checking',
    'paused',
    'cancelled',
    'failed',
  ],
  done: [],
  paused: ['queued', 'checking', 'cancelled'],
  failed: ['queued', 'checking', 'cancelled'],
  cancelled: ['queued'],
  duplicate: ['queued', 'checking', 'cancelled'],
};

export const mayTransition = (from: JobState, to: JobState): boolean => JOB_TRANSITIONS[from].includes(to);

/** A state change the table does not allow: a bug in the engine, never a user's doing. */
export class IllegalTransition extends Error {
  constructor(
    readonly jobId: number,
    readonly from: JobState,
    readonly to: JobState,
  ) {
    super(`Job #${jobId} cannot go from ${from} to ${to}.`);
    this.name = 'IllegalTransition';
  }
}
