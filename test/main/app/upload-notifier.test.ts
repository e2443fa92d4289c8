import { describe, expect, it } from 'vitest';
import type { AppNotification } from '../../../src-shared/app/index.js';
import type { JobState, JobView } from '../../../src-shared/engine/index.js';
import { UploadNotifier } from '../../../src-main/app/upload-notifier.js';
import { jobView } from '../../helpers/job-view.js';

const job = (id: number, state: JobState, error: JobView['error'] = null): JobView =>
  jobView(id, { sourcePath: `/scans/slide-${id}.svs`, size: 1, state, error });

describe('upload notifications', () => {
  it('announces done and failed once per transition, with the reason of a failure', () => {
    const sent: Array<Omit<AppNotification, 'type'>> = [];
    const notifier = new UploadNotifier((n) => sent.push(n));
    const reason = { message: 'The server refused the file: too large.', kind: 'rejected', retryable: false };
    notifier.onEngineEvent({ type: 'job-updated', job: job(1, 'uploading'), change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job: job(1, 'done'), change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job: job(1, 'done'), change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'failed', reason), change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'failed', reason), change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'queued'), change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'done'), change: 'state' });
    expect(sent).toEqual([
      {
        kind: 'upload-done',
        level: 'info',
        title: 'Uploaded slide-1.svs',
        body: '/scans/slide-1.svs',
        jobId: 1,
      },
      {
        kind: 'upload-failed',
        level: 'error',
        title: 'Upload failed: slide-2.svs',
        // In the one vocabulary, worded for the row's Retry button; the recorded reason one click away.
        body: 'The server refused it. Correct what the server names (for a slide: its patient, study…), then press Retry.',
        jobId: 2,
        detail: reason.message,
      },
      {
        kind: 'upload-done',
        level: 'info',
        title: 'Uploaded slide-2.svs',
        body: '/scans/slide-2.svs',
        jobId: 2,
      },
    ]);
  });
});
