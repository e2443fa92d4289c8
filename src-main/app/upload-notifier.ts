import { errorLine, wordError, type AppNotification } from '../../src-shared/app/index.js';
import type { EngineEvent, JobState } from '../../src-shared/engine/index.js';

/** Turns jobs reaching done or failed into notifications, once per transition (the engine may repeat an update). */
export class UploadNotifier {
  private readonly lastState = new Map<number, JobState>();

  constructor(private readonly notify: (notification: Omit<AppNotification, 'type'>) => void) {}

  onEngineEvent(event: EngineEvent): void {
    if (event.type === 'job-removed') {
      this.lastState.delete(event.jobId);
      return;
    }
    if (event.type !== 'job-updated' && event.type !== 'job-added') return;
    const { job } = event;
    const previous = this.lastState.get(job.id);
    this.lastState.set(job.id, job.state);
    if (previous === job.state) return;
    if (job.state === 'done')
      this.notify({
        kind: 'upload-done',
        level: 'info',
        title: `Uploaded ${job.fileName}`,
        body: job.sourcePath,
        jobId: job.id,
      });
    else if (job.state === 'failed') {
      // Worded for the queue row's Retry button, which a failed upload always has.
      const plain = wordError(job.error?.kind, { detail: job.error?.message, offer: { retry: true } });
      this.notify({
        kind: 'upload-failed',
        level: 'error',
        title: `Upload failed: ${job.fileName}`,
        body: errorLine(plain),
        jobId: job.id,
        ...(plain.detail ? { detail: plain.detail } : {}),
      });
    }
  }
}
