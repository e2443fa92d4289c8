import type { JobView } from '../../../src-shared/engine/index.js';

/** States a job keeps while it waits out (or runs again after) a temporary failure. */
const RETRY_STATES = new Set<JobView['state']>(['queued', 'registering', 'uploading', 'finalizing']);

/**
 * A job waiting to retry after a temporary failure: its retry is scheduled (`retryAt`), or its last error was
 * retryable and not yet cleared by an attempt getting through. Its state still says uploading or queued, but no
 * bytes are going anywhere for sure, so counting it as "uploading" would overstate the queue (issue 14 item 3).
 */
export function isWaitingToRetry(job: Pick<JobView, 'state' | 'retryAt' | 'error'>): boolean {
  if (!RETRY_STATES.has(job.state)) return false;
  return job.retryAt !== null || job.error?.retryable === true;
}
