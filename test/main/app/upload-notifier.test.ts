import { describe, expect, it } from 'vitest';
import type { AppNotification } from '../../../src-shared/app/index.js';
import type { JobState, JobView } from '../../../src-shared/engine/index.js';
import { UploadNotifier } from '../../../src-main/app/upload-notifier.js';

const job = (id: number, state: JobState, error: JobView['error'] = null): JobView => ({
  id,
  sourcePath: `/scans/slide-${id}.svs`,
  fileName: `slide-${id}.svs`,
  size: 1,
  state,
  metadata: { userid: 19 },
  priority: 0,
  imageId: null,
  imageUniqueId: null,
  mode: null,
  partSize: null,
  bytesDone: 0,
  sha256: null,
  attempts: 0,
  error,
  retryAt: null,
  createdAt: 0,
  updatedAt: 0,
  finishedAt: null,
  watchFolderId: null,
});

describe('upload notifications', () => {
  it('announces done and failed once per transition, with the reason of a failure', () => {
    const sent: Array<Omit<AppNotification, 'type'>> = [];
    const notifier = new UploadNotifier((n) => sent.push(n));
    const reason = { message: 'The server refused the file: too large.', kind: 'rejected', retryable: false };
    notifier.onEngineEvent({ type: 'job-updated', job: job(1, 'uploading') });
    notifier.onEngineEvent({ type: 'job-updated', job: job(1, 'done') });
    notifier.onEngineEvent({ type: 'job-updated', job: job(1, 'done') });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'failed', reason) });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'failed', reason) });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'queued') });
    notifier.onEngineEvent({ type: 'job-updated', job: job(2, 'done') });
    expect(sent).toEqual([
      { kind: 'upload-done', level: 'info', title: 'Uploaded slide-1.svs', body: '/scans/slide-1.svs' },
      { kind: 'upload-failed', level: 'error', title: 'Upload failed: slide-2.svs', body: reason.message },
      { kind: 'upload-done', level: 'info', title: 'Uploaded slide-2.svs', body: '/scans/slide-2.svs' },
    ]);
  });
});
