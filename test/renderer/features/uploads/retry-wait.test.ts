import { describe, expect, it } from 'vitest';
import {
  queueCountsText,
  sendingCount,
  summarizeQueue,
} from '../../../../src-renderer/features/uploads/queue-summary.js';
import { isWaitingToRetry } from '../../../../src-renderer/features/uploads/retry-wait.js';
import { jobView } from '../../../helpers/job-view.js';

const temporary = { message: 'Could not reach the server (ECONNREFUSED).', kind: 'network', retryable: true };
const refused = { message: 'Refused.', kind: 'rejected', retryable: false };

describe('a job waiting to retry is not counted as uploading', () => {
  it('is waiting to retry with a retry scheduled, or with a retryable error not yet cleared, while still open', () => {
    expect(isWaitingToRetry(jobView(1, { state: 'uploading', retryAt: 8_000, error: temporary }))).toBe(true);
    expect(isWaitingToRetry(jobView(1, { state: 'queued', retryAt: 8_000 }))).toBe(true);
    expect(isWaitingToRetry(jobView(1, { state: 'registering', error: temporary }))).toBe(true);
    expect(isWaitingToRetry(jobView(1, { state: 'uploading' }))).toBe(false);
    // A failure that is final, or a job no longer open, is something else.
    expect(isWaitingToRetry(jobView(1, { state: 'uploading', error: refused }))).toBe(false);
    expect(isWaitingToRetry(jobView(1, { state: 'failed', error: temporary }))).toBe(false);
    expect(isWaitingToRetry(jobView(1, { state: 'paused', retryAt: 8_000, error: temporary }))).toBe(false);
  });

  it('counts it as "waiting to retry" in the toolbar and out of the sending count', () => {
    const jobs = {
      1: jobView(1, { state: 'uploading', size: 100 }),
      2: jobView(2, { state: 'uploading', size: 100, retryAt: 8_000, error: temporary }),
      3: jobView(3, { state: 'queued', size: 100, retryAt: 8_000, error: temporary }),
      4: jobView(4, { state: 'queued', size: 100 }),
    };
    const summary = summarizeQueue(Object.values(jobs));
    expect(summary).toMatchObject({ retrying: 2, open: 4, finished: 0 });
    expect(sendingCount(summary)).toBe(1);
    expect(queueCountsText(summary)).toBe('1 uploading · 2 waiting to retry · 1 waiting');
  });

  it('says nothing is uploading when the only job is waiting to retry', () => {
    const summary = summarizeQueue(
      Object.values({
        1: jobView(1, { state: 'uploading', retryAt: 8_000, error: temporary }),
      }),
    );
    expect(sendingCount(summary)).toBe(0);
    expect(queueCountsText(summary)).toBe('1 waiting to retry');
  });
});
